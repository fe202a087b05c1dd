// Every library product in one file, as a user's tool imports them: a name two products
// (or a product and Foundation) both declare at the top level is ambiguous here, and
// this file stops compiling. Names that are generic live under a namespace (`Envoy`,
// `ECS`, `Kubernetes`) and are written qualified; the rest are written bare.
import ECSClient
import EnvoyConfig
import Foundation
import MeshBridge
import MeshBridgeTesting
import MeshIdentity
import MeshModel
import MeshPKI
import MeshView
import Testing
import YAMLCoding

@Suite("All products imported together")
struct AllProductsImportTests {
  @Test("Envoy's, ECS's and Kubernetes' Secret are told apart by their namespace")
  func secrets() throws {
    let envoy = Envoy.Secret(
      name: "default",
      tlsCertificate: Envoy.TLSCertificateConfig(
        certificateChain: .file("/certs/svid.pem"), privateKey: .file("/certs/svid.key")))
    let ecs = ECS.Secret(name: "DB_PASSWORD", valueFrom: "arn:aws:ssm:eu-west-1:1:parameter/db")
    let yaml = """
      apiVersion: v1
      kind: Secret
      metadata: {name: cacerts, namespace: istio-system}
      type: Opaque
      data: {ca-cert.pem: AAAA, ca-key.pem: AAAA}
      """

    let envoyJSON = try EnvoyConfigEncoder(prettyPrinted: false).json(envoy)
    let ecsJSON = try sortedJSON(ecs)
    let decoded = MeshLoader().load(Array(yaml.utf8), file: "secret.yaml")

    #expect(
      String(decoding: envoyJSON, as: UTF8.self)
        == #"{"name":"default","tls_certificate":{"certificate_chain":{"filename":"/certs/svid.pem"},"private_key":{"filename":"/certs/svid.key"}}}"#
        + "\n")
    #expect(
      ecsJSON == #"{"name":"DB_PASSWORD","valueFrom":"arn:aws:ssm:eu-west-1:1:parameter/db"}"#)
    #expect(decoded.decodingFailures.isEmpty)
    let object = try #require(decoded.objects.first)
    guard case .kubernetes(.secret(let secret)) = object.value else {
      Issue.record("expected a Kubernetes Secret, got \(object.kind)")
      return
    }
    #expect(
      secret
        == Kubernetes.Secret(
          metadata: secret.metadata, type: "Opaque", keys: ["ca-cert.pem", "ca-key.pem"]))
    #expect(secret.metadata.name == "cacerts")
  }

  @Test("AWSRetryPolicy and Envoy.RetryPolicy are different types with different jobs")
  func retryPolicies() throws {
    let aws = try AWSRetryPolicy(maximumAttempts: 5, baseDelay: .milliseconds(500))
    let envoy = Envoy.RetryPolicy(retryOn: "5xx,connect-failure", numRetries: 2)

    let configuration = try AWSClientConfiguration(region: "eu-west-1", retry: aws)
    let json = try EnvoyConfigEncoder(prettyPrinted: false).json(envoy)

    #expect(configuration.retry.maximumAttempts == 5)
    #expect(AWSRetryPolicy.standard.maximumAttempts == 3)
    #expect(AWSRetryPolicy.none.maximumAttempts == 1)
    #expect(
      String(decoding: json, as: UTF8.self)
        == #"{"num_retries":2,"retry_on":"5xx,connect-failure"}"# + "\n")
  }

  @Test("AccessLogFilter is MeshModel's Telemetry filter; Envoy's is Envoy.AccessLogFilter")
  func accessLogFilters() throws {
    let telemetry = AccessLogFilter(expression: "response.code >= 400")
    let envoy = Envoy.AccessLogFilter.expression("response.code >= 400")

    let telemetryYAML = try YAMLEncoder(sortsKeys: true).encode(telemetry)
    let envoyJSON = String(
      decoding: try EnvoyConfigEncoder(prettyPrinted: false).json(envoy), as: UTF8.self)

    #expect(telemetryYAML == "expression: response.code >= 400\n")
    #expect(envoyJSON.contains(#""name":"envoy.access_loggers.extension_filters.cel""#))
    #expect(envoyJSON.contains(#""expression":"response.code >= 400""#))
  }

  @Test("Cluster, Service and Pipe: Envoy's, ECS's, Kubernetes' and Foundation's side by side")
  func genericNames() throws {
    let envoyCluster = Envoy.Cluster(name: "outbound|80||reviews", connectTimeout: .seconds(1))
    let ecsCluster = ECS.Cluster(clusterName: "on-prem")
    let ecsService = ECS.Service(serviceName: "reviews")
    let kubernetesService = Kubernetes.Service(
      metadata: ObjectMeta(name: "reviews", namespace: "shop"),
      ports: [Kubernetes.Service.Port(name: "http", port: 9080)])
    let envoyPipe = Envoy.Address(pipe: Envoy.Pipe(path: "/run/envoy.sock"))
    let foundationPipe = Pipe()

    let clusterJSON = String(
      decoding: try EnvoyConfigEncoder(prettyPrinted: false).json(envoyCluster), as: UTF8.self)
    let addressJSON = String(
      decoding: try EnvoyConfigEncoder(prettyPrinted: false).json(envoyPipe), as: UTF8.self)

    #expect(clusterJSON == #"{"connect_timeout":"1s","name":"outbound|80||reviews"}"# + "\n")
    #expect(try sortedJSON(ecsCluster) == #"{"clusterName":"on-prem"}"#)
    #expect(try sortedJSON(ecsService) == #"{"serviceName":"reviews"}"#)
    #expect(kubernetesService.host() == "reviews.shop.svc.cluster.local")
    #expect(addressJSON == #"{"pipe":{"path":"/run/envoy.sock"}}"# + "\n")
    #expect(foundationPipe.fileHandleForReading.fileDescriptor >= 0)
  }

  @Test("Istio kinds and the core types of each product need no qualification")
  func bareNames() throws {
    let port = Server.Port(number: 443, protocol: "HTTPS", name: "https")
    let entry = ServiceEntry(
      metadata: ObjectMeta(name: "reviews", namespace: "shop"),
      spec: ServiceEntrySpec(hosts: ["reviews.shop.svc.cluster.local"]))
    let spiffeID = try SPIFFEID("spiffe://example.org/ns/shop/sa/reviews")

    let yaml = try YAMLEncoder(sortsKeys: true).encode(port)

    #expect(yaml == "name: https\nnumber: 443\nprotocol: HTTPS\n")
    #expect(String(reflecting: type(of: port)) == "MeshModel.Server.Port")
    #expect(String(reflecting: Port.self) == "Foundation.Port", "a bare Port is Foundation's")
    #expect(entry.kind == "ServiceEntry")
    #expect(spiffeID.trustDomain.name == "example.org")
    #expect(
      String(reflecting: Certificate.self) == "MeshPKI.Certificate",
      "MeshPKI.Certificate clashes with swift-certificates' X509.Certificate in a user's file")
  }

  @Test("every public top-level type of the products has a name no other product declares")
  func everyTopLevelNameIsUnique() throws {
    let declared = try Self.publicTopLevelNames()
    var modules: [String: [String]] = [:]
    for (name, module) in declared { modules[name, default: []].append(module) }

    let clashes = modules.filter { $0.value.count > 1 }
    let missing = Set(modules.keys).subtracting(Self.everyType.keys)
    let stale = Set(Self.everyType.keys).subtracting(modules.keys)

    #expect(clashes.isEmpty, "declared by more than one product: \(clashes)")
    #expect(missing.isEmpty, "add to AllProductsImportTests.everyType: \(missing.sorted())")
    #expect(stale.isEmpty, "no longer declared: \(stale.sorted())")
    for (name, type) in Self.everyType {
      let module = try #require(modules[name]?.first)
      var reflected = String(reflecting: type)
      if reflected.hasPrefix("any ") { reflected.removeFirst(4) }
      #expect(
        reflected.hasPrefix(module + "."), "\(name) resolves to \(reflected), not \(module)'s")
    }
  }

  /// The products this file imports, by source folder.
  static let products = [
    "YAMLCoding", "MeshIdentity", "MeshModel", "EnvoyConfig", "MeshPKI", "ECSClient",
    "MeshBridge", "MeshView", "MeshBridgeTesting",
  ]

  /// Each public top-level type name, written bare so that an ambiguous one stops the build.
  static let everyType: [String: Any.Type] = [
    // YAMLCoding
    "YAMLDecoder": YAMLDecoder.self, "YAMLDocument": YAMLDocument<Int>.self,
    "YAMLEncoder": YAMLEncoder.self, "YAMLError": YAMLError.self, "YAMLMark": YAMLMark.self,
    "YAMLNode": YAMLNode.self, "YAMLPath": YAMLPath.self, "YAMLSourceMap": YAMLSourceMap.self,
    // MeshModel
    "Abort": Abort.self, "AccessLogFilter": AccessLogFilter.self,
    "AccessLogging": AccessLogging.self, "AnalysisMessage": AnalysisMessage.self,
    "AnalysisReport": AnalysisReport.self, "AnalysisSuppression": AnalysisSuppression.self,
    "Analyzer": (any Analyzer).self, "AuthorizationAction": AuthorizationAction.self,
    "AuthorizationCondition": AuthorizationCondition.self,
    "AuthorizationMode": AuthorizationMode.self,
    "AuthorizationOperation": AuthorizationOperation.self,
    "AuthorizationPolicy": AuthorizationPolicy.self,
    "AuthorizationPolicySpec": AuthorizationPolicySpec.self,
    "AuthorizationProvider": AuthorizationProvider.self,
    "AuthorizationRule": AuthorizationRule.self,
    "AuthorizationRuleFrom": AuthorizationRuleFrom.self,
    "AuthorizationRuleTo": AuthorizationRuleTo.self,
    "AuthorizationSource": AuthorizationSource.self, "CaptureMode": CaptureMode.self,
    "ClaimToHeader": ClaimToHeader.self, "ClientTLSMode": ClientTLSMode.self,
    "ClientTLSSettings": ClientTLSSettings.self,
    "ConnectionPoolSettings": ConnectionPoolSettings.self,
    "ConsistentHashLoadBalancer": ConsistentHashLoadBalancer.self, "CorsPolicy": CorsPolicy.self,
    "CustomTag": CustomTag.self, "DecodedResource": DecodedResource.self, "Delay": Delay.self,
    "Delegate": Delegate.self, "Destination": Destination.self,
    "DestinationRule": DestinationRule.self, "DestinationRuleSpec": DestinationRuleSpec.self,
    "EnvironmentTag": EnvironmentTag.self, "ExecHealthCheckConfig": ExecHealthCheckConfig.self,
    "FormatterTag": FormatterTag.self, "GRPCHealthCheckConfig": GRPCHealthCheckConfig.self,
    "Gateway": Gateway.self, "GatewayName": GatewayName.self,
    "GatewayServerHost": GatewayServerHost.self, "GatewaySpec": GatewaySpec.self,
    "H2UpgradePolicy": H2UpgradePolicy.self, "HTTP2KeepAlive": HTTP2KeepAlive.self,
    "HTTPBody": HTTPBody.self, "HTTPCookie": HTTPCookie.self,
    "HTTPCookieAttribute": HTTPCookieAttribute.self,
    "HTTPDirectResponse": HTTPDirectResponse.self,
    "HTTPFaultInjection": HTTPFaultInjection.self, "HTTPHeader": HTTPHeader.self,
    "HTTPHealthCheckConfig": HTTPHealthCheckConfig.self,
    "HTTPMatchRequest": HTTPMatchRequest.self, "HTTPMirrorPolicy": HTTPMirrorPolicy.self,
    "HTTPRedirect": HTTPRedirect.self, "HTTPRetry": HTTPRetry.self,
    "HTTPRewrite": HTTPRewrite.self, "HTTPRoute": HTTPRoute.self,
    "HTTPRouteDestination": HTTPRouteDestination.self, "HTTPSettings": HTTPSettings.self,
    "HeaderOperations": HeaderOperations.self, "Headers": Headers.self, "HostName": HostName.self,
    "HierarchyError": HierarchyError.self, "HierarchyResolution": HierarchyResolution.self,
    "HierarchyResolver": HierarchyResolver.self, "Inventory": Inventory.self,
    "InventoryObject": InventoryObject.self, "LoadedMesh": LoadedMesh.self,
    "MeshLoader": MeshLoader.self, "MeshLoadError": MeshLoadError.self,
    "MeshReport": MeshReport.self, "UnmodeledObject": UnmodeledObject.self,
    "InventoryWorkload": InventoryWorkload.self,
    "IstioEgressListener": IstioEgressListener.self,
    "IstioIngressListener": IstioIngressListener.self, "IstioMetric": IstioMetric.self,
    "JWTHeader": JWTHeader.self, "JWTRule": JWTRule.self, "Kubernetes": Kubernetes.self,
    "L4MatchAttributes": L4MatchAttributes.self, "LabelSelector": LabelSelector.self,
    "LiteralTag": LiteralTag.self, "LoadBalancerSettings": LoadBalancerSettings.self,
    "LocalityDistribution": LocalityDistribution.self,
    "LocalityFailover": LocalityFailover.self,
    "LocalityLoadBalancerSetting": LocalityLoadBalancerSetting.self,
    "LocatedIssue": LocatedIssue.self, "MagLev": MagLev.self, "MeshAnalysis": MeshAnalysis.self,
    "MeshPolicySettings": MeshPolicySettings.self, "MeshResource": MeshResource.self,
    "MeshResourceDecoder": MeshResourceDecoder.self, "MessageType": MessageType.self,
    "MetricSelector": MetricSelector.self, "MetricTagOperation": MetricTagOperation.self,
    "MetricTagOverride": MetricTagOverride.self, "Metrics": Metrics.self,
    "MetricsOverrides": MetricsOverrides.self, "MutualTLSMode": MutualTLSMode.self,
    "ObjectMeta": ObjectMeta.self, "Organization": Organization.self,
    "OrganizationSpec": OrganizationSpec.self,
    "OutboundTrafficPolicy": OutboundTrafficPolicy.self,
    "OutboundTrafficPolicyMode": OutboundTrafficPolicyMode.self,
    "OutlierDetection": OutlierDetection.self, "PeerAuthentication": PeerAuthentication.self,
    "PeerAuthenticationMutualTLS": PeerAuthenticationMutualTLS.self,
    "PeerAuthenticationSpec": PeerAuthenticationSpec.self, "Percent": Percent.self,
    "PolicyTargetReference": PolicyTargetReference.self,
    "PortSelector": PortSelector.self, "PortTrafficPolicy": PortTrafficPolicy.self,
    "ProviderRef": ProviderRef.self, "ProxyProtocol": ProxyProtocol.self,
    "ProxyProtocolVersion": ProxyProtocolVersion.self, "ReadinessProbe": ReadinessProbe.self,
    "RedirectPortSelection": RedirectPortSelection.self, "RegexRewrite": RegexRewrite.self,
    "RequestAuthentication": RequestAuthentication.self,
    "RequestAuthenticationSpec": RequestAuthenticationSpec.self,
    "RequestHeaderTag": RequestHeaderTag.self, "ResolvedWorkspace": ResolvedWorkspace.self,
    "Resource": Resource<VirtualServiceSpec>.self, "ResourceGroup": ResourceGroup.self,
    "ResourceOrigin": ResourceOrigin.self, "ResourceReference": ResourceReference.self,
    "ResourceSpec": (any ResourceSpec).self, "RetryBudget": RetryBudget.self,
    "RingHash": RingHash.self, "RouteDestination": RouteDestination.self, "Server": Server.self,
    "ServerTLSMode": ServerTLSMode.self, "ServerTLSSettings": ServerTLSSettings.self,
    "Severity": Severity.self,
    "ServiceEntry": ServiceEntry.self, "ServiceEntryLocation": ServiceEntryLocation.self,
    "ServiceEntryResolution": ServiceEntryResolution.self,
    "ServiceEntrySpec": ServiceEntrySpec.self, "ServicePort": ServicePort.self,
    "Sidecar": Sidecar.self, "SidecarPort": SidecarPort.self, "SidecarSpec": SidecarSpec.self,
    "SimpleLoadBalancer": SimpleLoadBalancer.self, "StringMatch": StringMatch.self,
    "Subset": Subset.self, "TCPHealthCheckConfig": TCPHealthCheckConfig.self,
    "TCPKeepalive": TCPKeepalive.self, "TCPRoute": TCPRoute.self, "TCPSettings": TCPSettings.self,
    "TLSCertificate": TLSCertificate.self, "TLSMatchAttributes": TLSMatchAttributes.self,
    "TLSProtocolVersion": TLSProtocolVersion.self, "TLSRoute": TLSRoute.self,
    "Telemetry": Telemetry.self, "TelemetrySpec": TelemetrySpec.self, "Tenant": Tenant.self,
    "Tracing": Tracing.self, "TrafficPolicy": TrafficPolicy.self,
    "TunnelSettings": TunnelSettings.self, "UnmatchedPreflights": UnmatchedPreflights.self,
    "ValidationIssue": ValidationIssue.self, "VirtualService": VirtualService.self,
    "VirtualServiceSpec": VirtualServiceSpec.self,
    "WarmupConfiguration": WarmupConfiguration.self, "WorkloadEntry": WorkloadEntry.self,
    "WorkloadEntrySpec": WorkloadEntrySpec.self, "WorkloadGroup": WorkloadGroup.self,
    "WorkloadGroupMetadata": WorkloadGroupMetadata.self,
    "WorkloadGroupSpec": WorkloadGroupSpec.self, "WorkloadMode": WorkloadMode.self,
    "WorkloadModeSelector": WorkloadModeSelector.self,
    "WorkloadSelector": WorkloadSelector.self, "Workspace": Workspace.self,
    "WorkspaceGroups": WorkspaceGroups.self,
    "ZoneAwareLoadBalancerSetting": ZoneAwareLoadBalancerSetting.self,
    // EnvoyConfig
    "Envoy": Envoy.self, "EnvoyConfigEncoder": EnvoyConfigEncoder.self,
    "EnvoyConfigError": EnvoyConfigError.self, "EnvoyDiagnostic": EnvoyDiagnostic.self,
    "EnvoyTypedConfig": (any EnvoyTypedConfig).self, "EnvoyValidation": EnvoyValidation.self,
    "EnvoyValidator": EnvoyValidator.self, "NamedEnvoyExtension": (any NamedEnvoyExtension).self,
    "SidecarCertificateDirectory": SidecarCertificateDirectory.self,
    "SidecarContract": SidecarContract.self,
    "SidecarOptions": SidecarOptions.self, "SidecarTranslation": SidecarTranslation.self,
    "SidecarTranslator": SidecarTranslator.self, "SidecarWorkload": SidecarWorkload.self,
    "TracingOptions": TracingOptions.self, "TranslationIssue": TranslationIssue.self,
    // MeshPKI
    "CADirectory": CADirectory.self, "Certificate": Certificate.self,
    "CertificateAuthority": CertificateAuthority.self,
    "CertificateSigningRequest": CertificateSigningRequest.self, "Digest": Digest.self,
    "ExtendedKeyUsage": ExtendedKeyUsage.self, "FileOwner": FileOwner.self,
    "KeyType": KeyType.self, "KeyUsage": KeyUsage.self, "PKIError": PKIError.self,
    "PrivateKey": PrivateKey.self, "PublicKey": PublicKey.self,
    "RenewalPolicy": RenewalPolicy.self, "RenewalRequest": RenewalRequest.self,
    "SVID": SVID.self, "SVIDDirectory": SVIDDirectory.self,
    "SVIDVerifier": SVIDVerifier.self,
    "TrustBundle": TrustBundle.self, "TrustBundleSet": TrustBundleSet.self,
    // MeshIdentity
    "IdentityError": IdentityError.self, "MeshTrustDomains": MeshTrustDomains.self,
    "SPIFFEID": SPIFFEID.self, "SPIFFEIDMatch": SPIFFEIDMatch.self,
    "TrustDomain": TrustDomain.self, "WorkloadIdentity": WorkloadIdentity.self,
    // ECSClient
    "AWSClient": AWSClient.self, "AWSEmptyShape": AWSEmptyShape.self,
    "AWSServiceDescription": AWSServiceDescription.self,
    "AWSClientConfiguration": AWSClientConfiguration.self, "AWSCredentials": AWSCredentials.self,
    "AWSError": AWSError.self, "AWSPaginator": AWSPaginator<Int, Int>.self,
    "AWSRegion": AWSRegion.self, "AWSRetryPolicy": AWSRetryPolicy.self,
    "AssumeRoleCredentialsProvider": AssumeRoleCredentialsProvider.self,
    "CachingCredentialsProvider": CachingCredentialsProvider.self,
    "ContainerCredentialsProvider": ContainerCredentialsProvider.self,
    "CredentialsNotConfigured": CredentialsNotConfigured.self,
    "CredentialsProvider": (any CredentialsProvider).self,
    "CredentialsProviderChain": CredentialsProviderChain.self, "ECS": ECS.self,
    "EnvironmentCredentialsProvider": EnvironmentCredentialsProvider.self,
    "HTTPTransportOptions": HTTPTransportOptions.self,
    "InstanceMetadataCredentialsProvider": InstanceMetadataCredentialsProvider.self,
    "ProcessCredentialsProvider": ProcessCredentialsProvider.self,
    "ProfileCredentialsProvider": ProfileCredentialsProvider.self, "SSM": SSM.self,
    "SSOCredentialsProvider": SSOCredentialsProvider.self, "STS": STS.self,
    "SensitiveData": SensitiveData.self, "SigV4Signer": SigV4Signer.self,
    "SignableRequest": SignableRequest.self,
    "StaticCredentialsProvider": StaticCredentialsProvider.self,
    "WebIdentityCredentialsProvider": WebIdentityCredentialsProvider.self,
    // MeshBridge
    "BundleError": BundleError.self, "BundleFile": BundleFile.self,
    "BundleManifest": BundleManifest.self, "BundleOptions": BundleOptions.self,
    "BundleRotation": BundleRotation.self, "ClusterDiscovery": ClusterDiscovery.self,
    "ClusterOnboarding": ClusterOnboarding.self, "DiscoveredService": DiscoveredService.self,
    "DiscoveredTask": DiscoveredTask.self, "ECSAnywhereActivation": ECSAnywhereActivation.self,
    "ECSAnywhereActivator": ECSAnywhereActivator.self, "ECSDiscovery": ECSDiscovery.self,
    "ExternalInstance": ExternalInstance.self, "InjectionError": InjectionError.self,
    "KubectlSink": KubectlSink.self, "MeshMapping": MeshMapping.self,
    "OnboardedWorkload": OnboardedWorkload.self,
    "OnboardingBundle": OnboardingBundle.self, "OnboardingError": OnboardingError.self,
    "OnboardingReport": OnboardingReport.self, "ResourceDiff": ResourceDiff.self,
    "ResourceDirectory": ResourceDirectory.self, "ResourceSink": (any ResourceSink).self,
    "SidecarInjector": SidecarInjector.self,
    "SkippedInstance": SkippedInstance.self, "SkippedTask": SkippedTask.self,
    "SyncError": SyncError.self, "TaskPort": TaskPort.self,
    // MeshView
    "MeshTopology": MeshTopology.self, "PrometheusParseError": PrometheusParseError.self,
    "PrometheusText": PrometheusText.self, "ScrapeTarget": ScrapeTarget.self,
    "TopologyRenderError": TopologyRenderError.self, "TopologyRenderer": TopologyRenderer.self,
    "TopologyScrapeError": TopologyScrapeError.self, "TopologyScraper": TopologyScraper.self,
    "WorkloadScrape": WorkloadScrape.self,
    // MeshBridgeTesting
    "ECSAnywhereCluster": ECSAnywhereCluster.self, "MotoServer": MotoServer.self,
    "MotoServerError": MotoServerError.self,
  ]

  /// `(name, module)` for each `public` type declared at the top level of a product's sources.
  static func publicTopLevelNames() throws -> [(String, String)] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let declaration =
      /^public (?:indirect |final )?(?:struct|enum|class|protocol|actor|typealias) (\w+)/
      .anchorsMatchLineEndings()
    var names: [(String, String)] = []
    for module in products {
      let folder = root.appendingPathComponent("Sources/\(module)")
      let files = try #require(
        FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil))
      for case let file as URL in files where file.pathExtension == "swift" {
        let text = try String(contentsOf: file, encoding: .utf8)
        names += text.matches(of: declaration).map { (String($0.output.1), module) }
      }
    }
    return names
  }

  /// `value` as JSON with sorted keys, for comparing with a literal.
  func sortedJSON(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }
}
