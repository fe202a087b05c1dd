import Foundation
import MeshModel
import MeshTestSupport
import Testing
import YAMLCoding

/// Istio's CRD schemas (customresourcedefinitions.gen.yaml) as the oracle, with Python's
/// `jsonschema`: every spec the encoder writes must validate against the schema of its
/// kind and version. Objects the schema describes get `additionalProperties: false`, as
/// Kubernetes' strict field validation treats unknown fields.
@Suite(
  "Istio CRD schemas",
  .enabled(if: Peers.pythonAvailableOrRequired, Comment(rawValue: Peers.missingPythonReason)))
struct CRDSchemaTests {
  static let script = """
    import json, sys, yaml, jsonschema

    def close(schema):
        if isinstance(schema, dict):
            if schema.get("type") == "object" and "properties" in schema \\
                    and not schema.get("x-kubernetes-preserve-unknown-fields"):
                schema.setdefault("additionalProperties", False)
            for value in schema.values():
                close(value)
        elif isinstance(schema, list):
            for value in schema:
                close(value)

    schemas = {}
    for crd in yaml.safe_load_all(open(sys.argv[1])):
        if not crd:
            continue
        group = crd["spec"]["group"]
        kind = crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            spec = version["schema"]["openAPIV3Schema"]["properties"]["spec"]
            close(spec)
            schemas[(f"{group}/{version['name']}", kind)] = spec

    documents = 0
    for document in yaml.safe_load_all(sys.stdin):
        documents += 1
        key = (document["apiVersion"], document["kind"])
        name = document["metadata"].get("name")
        if key not in schemas:
            print(f"{key} {name}: no CRD serves this kind and version")
            continue
        validator = jsonschema.Draft7Validator(schemas[key])
        for error in validator.iter_errors(document["spec"]):
            path = ".".join(str(part) for part in error.absolute_path)
            print(f"{key[1]} {name}: spec.{path}: {error.message}")
    print(f"validated {documents}", file=sys.stderr)
    """

  @Test("every resource the encoder writes validates against Istio's CRD schema")
  func encodedResourcesMatchSchema() throws {
    var resources: [MeshResource] = []
    for example in try Fixtures.completeExamples() {
      resources += (try? MeshResourceDecoder().decode(try Fixtures.exampleText(example.file))) ?? []
    }
    for (_, text) in try Fixtures.samples() + Fixtures.exampleMesh() {
      resources += try MeshResourceDecoder().decode(text)
    }
    let yaml = try YAMLEncoder().encode(documents: resources)
    let crds = Fixtures.istio.appendingPathComponent("customresourcedefinitions.gen.yaml").path

    let output = try Peers.runPython(Self.script, input: Data(yaml.utf8), arguments: [crds])

    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stderr.contains("validated \(resources.count)"), "\(output.stderr)")
    #expect(resources.count > 100)
    #expect(output.stdout.isEmpty, "\(output.stdout)")
  }

  @Test("the oracle rejects a spec with a field the schema does not know")
  func oracleRejectsUnknownField() throws {
    let yaml = """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: x}
      spec: {hosts: [a], colour: red}
      """
    let crds = Fixtures.istio.appendingPathComponent("customresourcedefinitions.gen.yaml").path

    let output = try Peers.runPython(Self.script, input: Data(yaml.utf8), arguments: [crds])

    #expect(
      output.stdout.contains("Additional properties are not allowed ('colour' was unexpected)"))
  }
}
