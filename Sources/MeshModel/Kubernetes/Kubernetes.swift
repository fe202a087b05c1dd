/// The namespace of the Kubernetes kinds the analyzers read beside the mesh resources:
/// `Kubernetes.Namespace`, `Kubernetes.Service`, `Kubernetes.Pod`, `Kubernetes.Secret`,
/// `Kubernetes.ConfigMap`, and `Kubernetes.Object`, any one of them.
///
/// Their names are generic, so they live under one namespace (as EnvoyConfig's messages
/// live under `Envoy`): importing MeshModel next to other modules never makes `Secret` or
/// `Service` ambiguous. The Istio kinds (`VirtualService`, `DestinationRule`, ...) stay
/// top-level.
public enum Kubernetes {}
