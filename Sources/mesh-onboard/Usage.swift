let usage = """
  Usage: mesh-onboard <command> [options]

  Commands:
    validate [--output text|json] [--lenient] PATH...
        Decode and validate Istio resources in YAML or JSON files, directories
        (every .yaml, .yml and .json file below them) or standard input (-), the way
        `istioctl validate` does. Prints each problem as
        file:line:column: path: message and exits 1 when any resource is invalid.
    analyze [--output log|json|yaml] [--suppress "CODE=Kind NAME"] PATH...
        Look across resources the way `istioctl analyze` does: routes to hosts or
        subsets that do not exist, conflicting selectors, unverified TLS, and more,
        each with istioctl's code and level. Exits 79 when an error is found.
    hierarchy [--output yaml|json] FILE
        Render an organization's tenants and workspaces to Istio resources, with the
        mandates of each level enforced on the levels below.
    ca init|issue|renew|verify ...
        Run a mesh CA on disk: create a root, issue and renew SPIFFE X509-SVIDs, and
        verify a chain against a trust bundle.
    discover --cluster NAME [--watch SECONDS [--to DIR | --kubectl]] [--endpoint-url URL]
        Find a cluster's ECS Anywhere tasks and services and print them as
        WorkloadEntries and ServiceEntries for `kubectl apply -f -`; with --watch, keep
        applying what changes to a directory or through kubectl.
    bundle --cluster NAME --task ARN --ca DIR --out DIR
        Write one task's onboarding bundle: sidecar configuration, SVID and key, trust
        bundle, docker run script, ECS container definition, README, manifest.
    inject (--task-definition NAME | --file FILE) --bundle-path HOSTPATH [--register]
        Add the mesh sidecar to a task definition; print it or register a new revision.
    rotate --ca DIR --bundles DIR [--fraction 0.5]
        Renew the SVIDs of bundles that are due, from the current SVIDs.
    activate --cluster NAME [--count N] [--role ROLE]
        Create an SSM activation and print the host install command for ECS Anywhere.
    demo --cluster NAME --out DIR [--local] [--envoy PATH]
        Onboard a whole cluster, telling each step: resources, CA, a bundle per
        workload, Envoy's check, and what to do next on each host.
    sidecar --resources PATH... --workload NAMESPACE/NAME [--xds-address HOST:PORT]
        Print a workload's Envoy bootstrap: static, from the resources, or pointing at
        istiod over ADS.
    view --resources PATH... [--scrape URL]... --out mesh.html [--watch SECONDS]
        Draw the mesh as one HTML page: workloads and services, call paths with their
        request rate, 5xx share, latency and mutual TLS, from the sidecars' metrics.
    contract [--output text|json]
        Print the sidecar contract: the proxy's user, the mount path, file names,
        ports and health check every bundle and task definition follows.

  Run `mesh-onboard <command> --help` for a command's options.
  """
