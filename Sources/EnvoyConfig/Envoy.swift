/// The namespace of the Envoy v3 configuration messages this module models:
/// `Envoy.Bootstrap`, `Envoy.Listener`, `Envoy.Cluster`, `Envoy.RouteConfiguration`,
/// `Envoy.Secret` and the messages they hold.
///
/// Envoy's names are generic (`Cluster`, `Route`, `Secret`, `RetryPolicy`), so they live
/// under one namespace, as Soto puts a service's shapes under `ECS`: importing this module
/// next to others (MeshModel, ECSClient, swift-certificates) never makes a name ambiguous.
/// Each type is named after its protobuf message and its documentation gives the full
/// message name (`envoy.config.cluster.v3.Cluster`).
///
/// ```swift
/// let cluster = Envoy.Cluster(
///   name: "reviews", type: .strictDNS, connectTimeout: .seconds(1),
///   loadAssignment: Envoy.ClusterLoadAssignment(
///     clusterName: "reviews",
///     endpoints: [Envoy.LocalityLbEndpoints(lbEndpoints: [.host("reviews.local", port: 9080)])]))
/// let yaml = try EnvoyConfigEncoder().yaml(cluster)
/// ```
///
/// The translator's own types (``SidecarTranslator``, ``SidecarOptions``,
/// ``TranslationIssue``) and ``EnvoyConfigEncoder`` stay outside the namespace.
public enum Envoy {}
