#!/usr/bin/env python3
"""Generates ECSClient's service code from the pinned botocore models in models/, and
STS's from the botocore that Scripts/bootstrap installs (pinned to BOTOCORE_VERSION).

Usage:
  CodeGenerator/generate_aws_api.py          write Sources/ECSClient/Generated/*.swift
  CodeGenerator/generate_aws_api.py --check  exit 1 if the committed files differ

The output is stable: shapes, members and operations are emitted in sorted order, and
nothing depends on the machine. Changes to what is generated belong here (see PATCHES),
never in the generated files.

Every public declaration gets a /// comment: the model's documentation where it has one;
else the member's type's, the operation a shape is the input or output of, or a sentence
made from the model (an enum shape's values and the members using it; an enum value's
description where the docs list it as `<li><code>VALUE</code> - ...`).
"""
import glob
import gzip
import html
import importlib.util
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUTPUT = os.path.join(ROOT, "Sources", "ECSClient", "Generated")

SWIFT_KEYWORDS = {
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
    "internal", "let", "open", "operator", "private", "protocol", "public", "rethrows", "static", "struct",
    "subscript", "typealias", "var", "break", "case", "continue", "default", "defer", "do", "else", "fallthrough",
    "for", "guard", "if", "in", "repeat", "return", "switch", "where", "while", "as", "catch", "false", "is", "nil",
    "super", "self", "Self", "throw", "throws", "true", "try", "Type", "Protocol",
}

# Services generated, and which of their operations (None: all).
SERVICES = [
    {
        "name": "ECS", "model": "ecs", "operations": None,
        "summary": "Amazon Elastic Container Service (ECS), every operation of API version 2014-11-13.",
        # Status members the model types as plain strings, though ECS's documentation lists
        # their values: typed as enums (extensible, so a value AWS adds later still decodes).
        "member_enums": {
            ("Task", "lastStatus"): "TaskStatus",
            ("Task", "desiredStatus"): "DesiredStatus",
            ("ContainerInstance", "status"): "ContainerInstanceStatus",
            ("Service", "status"): "ServiceStatus",
        },
    },
    {
        "name": "SSM", "model": "ssm",
        "operations": [
            "CreateActivation", "DescribeActivations", "DeleteActivation", "DeregisterManagedInstance",
            "DescribeInstanceInformation",
        ],
        "summary": "AWS Systems Manager, the operations ECS Anywhere registration uses: activations and managed instances.",
        # Not marked sensitive in the model, though SSM's documentation says the code
        # "functions like a password": redacted like the members the model marks.
        "sensitive": {("CreateActivationResult", "ActivationCode")},
    },
]

# Enum shapes the project adds to a model for `member_enums`, with each value's meaning
# (from the ECS developer guide's task lifecycle and service pages).
ADDED_ENUMS = {
    ("ECS", "TaskStatus"): {
        "documentation": "A task's lifecycle state, `Task.lastStatus`: where ECS is in starting or stopping it.",
        "values": [
            ("PROVISIONING", "resources (an elastic network interface) are being made ready."),
            ("PENDING", "waiting for the container agent to act."),
            ("ACTIVATING", "the task is being set up after its containers started (load balancers, service discovery)."),
            ("RUNNING", "the task runs."),
            ("DEACTIVATING", "the task is being taken out of load balancers and service discovery."),
            ("STOPPING", "the containers are being stopped."),
            ("DEPROVISIONING", "resources are being released."),
            ("STOPPED", "the task has stopped."),
            ("DELETED", "the task is gone (a task whose start failed)."),
        ],
    },
    ("ECS", "ServiceStatus"): {
        "documentation": "A service's state, `Service.status`.",
        "values": [
            ("ACTIVE", "the service runs its tasks."),
            ("DRAINING", "the service is being deleted: its tasks are stopping."),
            ("INACTIVE", "the service is deleted."),
        ],
    },
}

# Services whose model is read from the installed botocore (Scripts/bootstrap pins it) instead
# of a copy under models/: "botocore" names the model's directory in botocore's data.
SERVICES += [
    {
        "name": "STS", "botocore": "sts/2011-06-15",
        "operations": ["AssumeRole", "AssumeRoleWithWebIdentity", "GetCallerIdentity"],
        "summary": "AWS Security Token Service (STS), the operations the credential chain uses: AssumeRole, AssumeRoleWithWebIdentity, and GetCallerIdentity to see who the credentials are.",
        # Not marked sensitive in the model, though a session token authenticates like the
        # secret key it comes with: redacted like the members the model marks.
        "sensitive": {("Credentials", "SessionToken")},
    },
]

# The botocore release whose models the generated code comes from; Scripts/bootstrap pins it.
BOTOCORE_VERSION = "1.43.11"


def botocore_data():
    """botocore's data directory, from the Python running this script or the project's .venv;
    its version must be BOTOCORE_VERSION, so that the output does not depend on the machine."""
    spec = importlib.util.find_spec("botocore")
    candidates = [os.path.dirname(spec.origin)] if spec and spec.origin else []
    candidates += sorted(glob.glob(os.path.join(ROOT, ".venv", "lib", "python3*", "site-packages", "botocore")))
    for directory in candidates:
        with open(os.path.join(directory, "__init__.py")) as handle:
            version = re.search(r"__version__ = '([^']+)'", handle.read())
        if version and version.group(1) == BOTOCORE_VERSION:
            return os.path.join(directory, "data")
    raise SystemExit(f"botocore {BOTOCORE_VERSION} not found (run Scripts/bootstrap, or run this script with "
                     f".venv/bin/python); looked in: {', '.join(candidates) or 'nowhere'}")


# Waiter acceptors whose JMESPath the generator cannot translate: Swift written here.
PATCHES = {
    ("ECS", "ServicesStable",
     "length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`"):
        "(output.services ?? []).filter { !(($0.deployments ?? []).count == 1 && $0.runningCount == $0.desiredCount) }.isEmpty",
}

HEADER = """\
// THIS FILE IS AUTOMATICALLY GENERATED by CodeGenerator/generate_aws_api.py. DO NOT EDIT.
// source: {source} (botocore 1.43.11, Apache-2.0)
// swift-format-ignore-file
"""


def lower_camel(name):
    """`clusterArn` stays; `DescribeTasks` -> `describeTasks`; `EC2` -> `ec2`."""
    if not name:
        return name
    match = re.match(r"^([A-Z]+)(?=[A-Z][a-z]|$|[^A-Za-z])", name)
    if match:
        head = match.group(1)
        return head.lower() + name[len(head):]
    return name[0].lower() + name[1:]


def enum_case(value):
    parts = re.split(r"[^A-Za-z0-9]+", value)
    parts = [p for p in parts if p]
    if not parts:
        return "empty"
    words = []
    for index, part in enumerate(parts):
        if part.isupper() or part.islower() or part.isdigit():
            part = part.lower()
            words.append(part if index == 0 else part.capitalize())
        else:
            words.append(lower_camel(part) if index == 0 else part[0].upper() + part[1:])
    name = "".join(words)
    if name[0].isdigit():
        name = "_" + name
    return f"`{name}`" if name in SWIFT_KEYWORDS else name


def escape(name):
    return f"`{name}`" if name in SWIFT_KEYWORDS else name


def plain(fragment):
    """HTML from the model as one line of text: tags dropped, entities decoded."""
    return html.unescape(" ".join(re.sub(r"<[^>]+>", "", fragment).split()))


def documentation(text, indent):
    """The first paragraph of the model's HTML documentation, as /// lines."""
    if not text:
        return ""
    first = re.search(r"<p>(.*?)</p>", text, re.S)
    return comment(plain(first.group(1) if first else text), indent)


def comment(body, indent):
    """Text as /// lines of at most 100 columns; at most about 400 characters, cut at a sentence."""
    if len(body) > 400:
        cut = body.rfind(". ", 0, 400)
        body = body[: cut + 1] if cut > 0 else body[:400] + "..."
    if not body:
        return ""
    lines, line = [], ""
    for word in body.split(" "):
        if len(line) + len(word) + 1 > 100 - len(indent) - 4 and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "".join(f"{indent}/// {l}\n" for l in lines)


class Service:
    def __init__(self, config):
        self.name = config["name"]
        self.summary = config["summary"]
        self.also_sensitive = config.get("sensitive", set())
        if "botocore" in config:
            self.model_dir = os.path.join(botocore_data(), config["botocore"])
            self.source_label = f"botocore/data/{config['botocore']}/{{source}}"
            self.service_file = "service-2.json.gz"
            with gzip.open(os.path.join(self.model_dir, "service-2.json.gz"), "rt") as handle:
                self.model = json.load(handle)
        else:
            self.model_dir = os.path.join(HERE, "models", config["model"])
            self.source_label = f"CodeGenerator/models/{config['model']}/{{source}}"
            self.service_file = "service-2.json"
            with open(os.path.join(self.model_dir, "service-2.json")) as handle:
                self.model = json.load(handle)
        self.is_query = self.model["metadata"]["protocol"] == "query"
        self.shapes = self.model["shapes"]
        self.added_enums = {}
        for (structure, member), enum in sorted(config.get("member_enums", {}).items()):
            added = ADDED_ENUMS.get((self.name, enum))
            if added:
                self.added_enums[enum] = dict(added["values"])
                self.shapes[enum] = {
                    "type": "string", "enum": [value for value, _ in added["values"]],
                    "documentation": f"<p>{added['documentation']}</p>",
                }
            assert self.shapes[self.shapes[structure]["members"][member]["shape"]]["type"] == "string"
            self.shapes[structure]["members"][member]["shape"] = enum
        operations = self.model["operations"]
        wanted = config["operations"] or sorted(operations)
        self.operations = {name: operations[name] for name in sorted(wanted)}
        self.paginators = self.load("paginators-1.json").get("pagination", {})
        self.waiters = self.load("waiters-2.json").get("waiters", {})
        self.used = self.reachable()
        self.referrers = self.find_referrers()
        self.roles = {}
        for operation_name, operation in self.operations.items():
            for key in ("input", "output"):
                if key in operation:
                    self.roles.setdefault(operation[key]["shape"], (key, operation_name))

    def header(self, source=None):
        """The generated files' header, naming the model file they come from."""
        return HEADER.format(source=self.source_label.format(source=source or self.service_file))

    def find_referrers(self):
        """Shape name -> the (structure, member) pairs of generated structures whose member has
        that type, directly or as the element of a list or the value of a map; sorted."""
        referrers = {}
        for name in sorted(self.used):
            shape = self.shapes[name]
            if shape["type"] != "structure" or shape.get("exception"):
                continue
            for member_name in sorted(shape.get("members", {})):
                target = shape["members"][member_name]["shape"]
                while self.shapes[target]["type"] in ("list", "map"):
                    inner = self.shapes[target]
                    target = inner["member"]["shape"] if inner["type"] == "list" else inner["value"]["shape"]
                referrers.setdefault(target, []).append((name, member_name))
        return referrers

    def used_by(self, name, limit=3):
        """`Structure.member` for the first few members of the given type, as prose."""
        pairs = self.referrers.get(name, [])
        names = [f"`{structure}.{lower_camel(member)}`" for structure, member in pairs[:limit]]
        if len(pairs) > limit:
            names.append(f"{len(pairs) - limit} more")
        if len(names) > 1:
            return ", ".join(names[:-1]) + " and " + names[-1]
        return names[0] if names else ""

    def shape_documentation(self, name, indent):
        """The model's documentation of a shape; for a list or map without any, its element's."""
        shape = self.shapes[name]
        doc = documentation(shape.get("documentation"), indent)
        if doc or shape["type"] not in ("list", "map"):
            return doc
        return self.shape_documentation(shape["member"]["shape"] if shape["type"] == "list" else shape["value"]["shape"], indent)

    def structure_documentation(self, name, shape):
        """The model's documentation, or what the structure is for: the input or output of its
        operation, or what the members of its type say."""
        doc = documentation(shape.get("documentation"), "  ")
        if doc:
            return doc
        role = self.roles.get(name)
        if role:
            kind, operation = role
            return comment(f"The {kind} of ``{self.name}/{lower_camel(operation)}(_:)``.", "  ")
        for structure, member in self.referrers.get(name, []):
            doc = documentation(self.shapes[structure]["members"][member].get("documentation"), "  ")
            if doc:
                return doc
        return comment(f"The `{name}` structure of the {self.name} API.", "  ")

    def member_documentation(self, member_name, member):
        """The model's documentation of the member, else of its type, else its name and type."""
        doc = documentation(member.get("documentation"), "    ") or self.shape_documentation(member["shape"], "    ")
        if doc:
            return doc
        return comment(f"The `{member_name}` member, a `{self.swift_type(member['shape'])}`.", "    ")

    def enum_documentation(self, name, shape):
        """The model's documentation, or the values and the members that use them."""
        doc = documentation(shape.get("documentation"), "  ")
        if doc:
            return doc
        values = [f"`{value}`" for value in shape["enum"]]
        listed = values[0] if len(values) == 1 else ", ".join(values[:-1]) + " and " + values[-1]
        doc = comment(f"The values of `{name}`: {listed}.", "  ")
        details = "Values the model does not list decode too, with their raw value."
        used_by = self.used_by(name)
        if used_by:
            details = f"Used by {used_by}. " + details
        return doc + "  ///\n" + comment(details, "  ")

    def case_documentation(self, name, shape, value):
        """What the model says about one value where it lists it (`<li><code>VALUE</code> - …`
        in the shape's documentation or a member of its type); else that it is one of the values."""
        if value in self.added_enums.get(name, {}):
            return comment(f"`{value}`: {self.added_enums[name][value]}", "    ")
        texts = [shape.get("documentation", "")] + [
            self.shapes[structure]["members"][member].get("documentation", "")
            for structure, member in self.referrers.get(name, [])
        ]
        pattern = (r"(?:<li>|<p>)\s*(?:<p>)?\s*<(code|b)>" + re.escape(value)
                   + r"</\1>\s*(?:</p>\s*<p>)?\s*(?:[-:\u2013\u2014]|(?=[A-Z]))\s*(.*?)</(?:p|li)>")
        for text in texts:
            match = re.search(pattern, text or "", re.S)
            if match and plain(match.group(2)):
                return comment(f"`{value}`: {plain(match.group(2))}", "    ")
        return comment(f"`{value}`: one of the values of `{name}`.", "    ")

    def load(self, name):
        path = os.path.join(self.model_dir, name)
        if not os.path.exists(path):
            return {}
        with open(path) as handle:
            return json.load(handle)

    def reachable(self):
        seen = set()
        stack = []
        for operation in self.operations.values():
            for key in ("input", "output"):
                if key in operation:
                    stack.append(operation[key]["shape"])
            for error in operation.get("errors", []):
                stack.append(error["shape"])
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            shape = self.shapes[name]
            if shape["type"] == "structure":
                stack.extend(member["shape"] for member in shape.get("members", {}).values())
            elif shape["type"] == "list":
                stack.append(shape["member"]["shape"])
            elif shape["type"] == "map":
                stack.extend([shape["key"]["shape"], shape["value"]["shape"]])
        return seen

    def swift_type(self, name, qualified=False):
        shape = self.shapes[name]
        kind = shape["type"]
        prefix = f"{self.name}." if qualified else ""
        if kind == "structure":
            return prefix + name
        if kind == "string":
            return prefix + name if "enum" in shape else "String"
        if kind == "list":
            return f"[{self.swift_type(shape['member']['shape'], qualified)}]"
        if kind == "map":
            key = self.swift_type(shape['key']['shape'], qualified)
            return f"[{key}: {self.swift_type(shape['value']['shape'], qualified)}]"
        return {
            "integer": "Int", "long": "Int64", "boolean": "Bool", "double": "Double", "float": "Double",
            "timestamp": "Date", "blob": "Data",
        }[kind]

    # MARK: Shapes

    def generate_shapes(self):
        out = [self.header(), "import Foundation\n\n"]
        out.append(f"extension {self.name} {{\n")
        for name in sorted(self.used):
            shape = self.shapes[name]
            if shape["type"] == "string" and "enum" in shape:
                out.append(self.enum_shape(name, shape))
            elif shape["type"] == "structure" and not shape.get("exception"):
                out.append(self.structure(name, shape))
        out.append("}\n")
        return "".join(out)

    def enum_shape(self, name, shape):
        out = [self.enum_documentation(name, shape), f"  public struct {name}: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible,\n"]
        out.append("    ExpressibleByStringLiteral\n  {\n")
        out.append("    public let rawValue: String\n\n")
        out.append("    public init(rawValue: String) { self.rawValue = rawValue }\n")
        out.append("    public init(stringLiteral value: String) { self.rawValue = value }\n")
        out.append("    public var description: String { rawValue }\n\n")
        used = set()
        for value in shape["enum"]:
            case = enum_case(value)
            while case in used:
                case += "_"
            used.add(case)
            out.append(self.case_documentation(name, shape, value))
            out.append(f"    public static let {case} = {name}(rawValue: {json.dumps(value)})\n")
        out.append("  }\n\n")
        return "".join(out)

    def structure(self, name, shape):
        members = shape.get("members", {})
        required = set(shape.get("required", []))
        # Swift names are lower camel case; the wire names stay in CodingKeys.
        swift_names = {member: lower_camel(member) for member in members}
        doc = self.structure_documentation(name, shape)
        redacts = any(self.is_sensitive(name, m, members[m]) for m in members)
        conformances = "Codable, Hashable, Sendable" + (
            ",\n    CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable" if redacts else "")
        out = [doc, f"  public struct {name}: {conformances} {{\n"]
        for member_name in members:
            member = members[member_name]
            out.append(self.member_documentation(member_name, member))
            # Members the model marks required are never nil, as in Soto; an answer without
            # one fails to decode (MalformedResponse naming the member).
            optional = "" if member_name in required else "?"
            out.append(f"    public var {escape(swift_names[member_name])}: {self.swift_type(member['shape'])}{optional}\n")
        out.append("\n    /// Creates a value; required members first, every other member optional.\n")
        params = []
        for member_name in members:
            swift = self.swift_type(members[member_name]["shape"])
            if member_name in required:
                params.append(f"{escape(swift_names[member_name])}: {swift}")
        for member_name in members:
            swift = self.swift_type(members[member_name]["shape"])
            if member_name not in required:
                params.append(f"{escape(swift_names[member_name])}: {swift}? = nil")
        if params:
            out.append("    public init(\n")
            out.append(",\n".join(f"      {p}" for p in params) + "\n    ) {\n")
            for member_name in members:
                out.append(f"      self.{swift_names[member_name]} = {escape(swift_names[member_name])}\n")
            out.append("    }\n")
        else:
            out.append("    public init() {}\n")
        if any(swift_names[m] != m for m in members):
            out.append("\n    enum CodingKeys: String, CodingKey {\n")
            for member_name in members:
                out.append(f"      case {escape(swift_names[member_name])} = {json.dumps(member_name)}\n")
            out.append("    }\n")
        if any(self.swift_type(m["shape"]) == "String" for m in members.values()):
            # Some servers send numbers where the model says string (moto's Container.cpu):
            # read them as their text, as botocore does.
            out.append("\n    public init(from decoder: any Decoder) throws {\n")
            out.append("      let values = try decoder.container(keyedBy: CodingKeys.self)\n")
            for member_name in members:
                swift_name = swift_names[member_name]
                swift = self.swift_type(members[member_name]["shape"])
                present = "" if member_name in required else "IfPresent"
                if swift == "String":
                    out.append(f"      self.{swift_name} = try values.decodeLenientString{present}(forKey: .{escape(swift_name)})\n")
                else:
                    # Qualified: a member may share its type's name (SSM's PingStatus).
                    qualified = self.swift_type(members[member_name]["shape"], qualified=True)
                    out.append(f"      self.{swift_name} = try values.decode{present}({qualified}.self, forKey: .{escape(swift_name)})\n")
            out.append("    }\n")
        out.append(self.redaction(name, members, swift_names))
        out.append("  }\n\n")
        return "".join(out)

    def is_sensitive(self, structure, member_name, member):
        """The model's `sensitive` trait on the member or its shape, or the project's list."""
        return bool(member.get("sensitive") or self.shapes[member["shape"]].get("sensitive")
                    or (structure, member_name) in self.also_sensitive)

    def redaction(self, name, members, swift_names):
        """For a structure with sensitive members: descriptions, debug descriptions and
        mirrors (dump, print, string interpolation) that show them as redacted."""
        sensitive = [m for m in members if self.is_sensitive(name, m, members[m])]
        if not sensitive:
            return ""
        children = ",\n".join(
            f"          (\"{swift_names[m]}\", "
            + (f"SensitiveData.redact({escape(swift_names[m])})" if m in sensitive else f"{escape(swift_names[m])} as Any")
            + ")"
            for m in members)
        return (
            f"\n    // Members the service model marks sensitive show as redacted: "
            f"{', '.join(swift_names[m] for m in sensitive)}.\n"
            "    public var customMirror: Mirror {\n"
            "      Mirror(\n"
            "        self,\n"
            "        children: [\n"
            f"{children},\n"
            "        ] as [Mirror.Child], displayStyle: .struct)\n"
            "    }\n"
            f"    public var description: String {{ SensitiveData.describe(customMirror, as: \"{name}\") }}\n"
            "    public var debugDescription: String { description }\n"
        )

    # MARK: Operations

    def idempotency_token(self, input_shape):
        for member_name, member in self.shapes[input_shape].get("members", {}).items():
            if member.get("idempotencyToken"):
                return member_name
        return None

    def is_unsigned(self, operation):
        """Whether the model says the operation takes no credentials (STS's AssumeRoleWithWebIdentity)."""
        return operation.get("authtype") == "none" or operation.get("auth") == ["smithy.api#noAuth"]

    def is_idempotent(self, name, operation):
        if re.match(r"^(Describe|List|Get)", name):
            return True
        return "input" in operation and self.idempotency_token(operation["input"]["shape"]) is not None

    def generate_api(self):
        metadata = self.model["metadata"]
        out = [self.header(), "import Foundation\n\n"]
        out.append(f"/// {self.summary}\n///\n")
        out.append("/// ```swift\n")
        out.append(f"/// let client = {self.name}(configuration: try AWSClientConfiguration(region: \"us-east-1\"))\n")
        out.append("/// ```\n")
        out.append(f"public struct {self.name}: Sendable {{\n")
        out.append("  /// The signed client every operation goes through; its\n")
        out.append("  /// ``AWSClient/execute(_:input:as:idempotent:authenticated:resultWrapper:)`` calls\n")
        out.append("  /// an operation this type does not declare, sharing its retries and connections.\n")
        out.append("  public let client: AWSClient\n\n")
        out.append("  /// The service as the model describes it: signing name, endpoint prefix, protocol.\n")
        out.append("  public static let service = AWSServiceDescription(\n")
        out.append(f"    signingName: {json.dumps(metadata.get('signingName', metadata['endpointPrefix']))}, ")
        out.append(f"endpointPrefix: {json.dumps(metadata['endpointPrefix'])},\n")
        if self.is_query:
            out.append(f"    wireProtocol: .query(apiVersion: {json.dumps(metadata['apiVersion'])}))\n\n")
        else:
            out.append(f"    wireProtocol: .json(version: {json.dumps(metadata['jsonVersion'])}, targetPrefix: {json.dumps(metadata['targetPrefix'])}))\n\n")
        out.append("  /// Creates a client.\n")
        out.append("  public init(configuration: AWSClientConfiguration) {\n")
        out.append(f"    client = AWSClient(service: Self.service, configuration: configuration)\n  }}\n\n")
        out.append("  /// Requests sent so far, by operation name.\n")
        out.append("  public var requestCounts: [String: Int] { client.requestCounts }\n\n")
        for name, operation in self.operations.items():
            method = lower_camel(name)
            input_shape = operation.get("input", {}).get("shape")
            output_shape = operation.get("output", {}).get("shape")
            out.append(documentation(operation.get("documentation"), "  "))
            out.append("  ///\n")
            errors = [e["shape"] for e in operation.get("errors", [])]
            out.append(f"  /// - Throws: ``AWSError``; the service's codes: {', '.join(sorted(errors)) or 'none listed'}.\n")
            idempotent = "true" if self.is_idempotent(name, operation) else "false"
            signature_input = f"_ input: {input_shape}" if input_shape else ""
            if input_shape and not self.shapes[input_shape].get("required"):
                signature_input += f" = {input_shape}()"
            returns = f" -> {output_shape}" if output_shape else ""
            out.append(f"  @discardableResult\n" if output_shape else "")
            out.append(f"  public func {method}({signature_input}) async throws{returns} {{\n")
            body_input = "input" if input_shape else "AWSEmptyShape()"
            token = self.idempotency_token(input_shape) if input_shape else None
            if token:
                out.append("    var input = input\n")
                out.append(f"    if input.{lower_camel(token)} == nil {{ input.{lower_camel(token)} = UUID().uuidString }}\n")
            if self.is_query:
                # Query answers wrap the output in <OperationResult> (the model's resultWrapper);
                # operations the model marks unauthenticated are sent unsigned, as botocore sends them.
                wrapper = operation.get("output", {}).get("resultWrapper", f"{name}Result")
                signed = "false" if self.is_unsigned(operation) else "true"
                call = (f"client.execute({json.dumps(name)}, input: {body_input}, idempotent: {idempotent}, "
                        f"authenticated: {signed}, resultWrapper: {json.dumps(wrapper)})")
            else:
                call = f"client.execute({json.dumps(name)}, input: {body_input}, idempotent: {idempotent})"
            if output_shape:
                out.append(f"    return try await {call}\n")
            else:
                out.append(f"    let _: AWSEmptyShape = try await {call}\n")
            out.append("  }\n\n")
        out.append("}\n")
        return "".join(out)

    def generate_errors(self):
        out = [self.header(), "\n"]
        out.append(f"extension {self.name} {{\n")
        out.append(f"  /// The error codes {self.name} operations document (``AWSError/errorCode``).\n")
        out.append("  public enum ErrorCode {\n")
        for name in sorted(self.used):
            shape = self.shapes[name]
            if shape.get("exception"):
                out.append(documentation(shape.get("documentation"), "    "))
                out.append(f"    public static let {lower_camel(name)} = {json.dumps(name)}\n")
        out.append("  }\n}\n")
        return "".join(out)

    def generate_paginators(self):
        if not self.paginators:
            return None
        out = [self.header("paginators-1.json"), "\n"]
        out.append(f"extension {self.name} {{\n")
        for name in sorted(self.paginators):
            if name not in self.operations:
                continue
            spec = self.paginators[name]
            operation = self.operations[name]
            input_shape = operation["input"]["shape"]
            output_shape = operation["output"]["shape"]
            method = lower_camel(name)
            out.append(f"  /// Every page of ``{method}(_:)``, fetched as the sequence is read; stops when\n")
            out.append(f"  /// `{spec['output_token']}` is absent or repeats. Results are in `{spec['result_key']}`.\n")
            default = "" if self.shapes[input_shape].get("required") else f" = {input_shape}()"
            out.append(f"  public func {method}Paginator(_ input: {input_shape}{default}) -> AWSPaginator<{input_shape}, {output_shape}> {{\n")
            out.append(f"    AWSPaginator(\n      input: input, fetch: {{ try await self.{method}($0) }},\n")
            out.append(f"      token: {{ $0.{lower_camel(spec['output_token'])} }},\n")
            out.append(f"      withToken: {{ input, token in\n        var next = input\n        next.{lower_camel(spec['input_token'])} = token\n        return next\n      }})\n  }}\n\n")
        out.append("}\n")
        return "".join(out)

    # MARK: Waiters

    def acceptor_expression(self, waiter_name, acceptor, output_shape):
        matcher = acceptor["matcher"]
        argument = acceptor.get("argument", "")
        expected = acceptor["expected"]
        patch = PATCHES.get((self.name, waiter_name, argument))
        if patch:
            return "{ output in " + patch + " == " + json.dumps(expected).lower() + " }"
        if matcher == "error":
            return None
        simple = re.fullmatch(r"([A-Za-z]+)\.([A-Za-z]+)", argument)
        projection = re.fullmatch(r"([A-Za-z]+)\[\]\.([A-Za-z]+)", argument)
        if simple and matcher == "path":
            outer, inner = simple.groups()
            value = self.member_text(output_shape, [outer, inner], projection=False)
            return "{ output in " + value + " == " + json.dumps(expected) + " }"
        if projection and matcher in ("pathAll", "pathAny"):
            outer, inner = projection.groups()
            values = self.member_text(output_shape, [outer, inner], projection=True)
            if matcher == "pathAll":
                return "{ output in let values = " + values + "; return !values.isEmpty && values.allSatisfy { $0 == " + json.dumps(expected) + " } }"
            return "{ output in " + values + ".contains(" + json.dumps(expected) + ") }"
        raise SystemExit(f"waiter {waiter_name}: cannot translate {matcher} {argument!r}; add a patch")

    def member_text(self, output_shape, path, projection):
        outer, inner = path
        outer_shape = self.shapes[output_shape]["members"][outer]["shape"]
        element = self.shapes[outer_shape]["member"]["shape"] if projection else outer_shape
        inner_shape = self.shapes[self.shapes[element]["members"][inner]["shape"]] if self.shapes[element]["type"] == "structure" else None
        raw = ".rawValue" if inner_shape and inner_shape["type"] == "string" and "enum" in inner_shape else ""
        if projection:
            return f"(output.{outer} ?? []).compactMap {{ $0.{inner}{('?' + raw) if raw else ''} }}"
        return f"output.{outer}?.{inner}{('?' + raw) if raw else ''}"

    def generate_waiters(self):
        if not self.waiters:
            return None
        out = [self.header("waiters-2.json"), "import Foundation\n\n"]
        out.append(f"extension {self.name} {{\n")
        for name in sorted(self.waiters):
            waiter = self.waiters[name]
            operation_name = waiter["operation"]
            if operation_name not in self.operations:
                continue
            operation = self.operations[operation_name]
            input_shape = operation["input"]["shape"]
            output_shape = operation["output"]["shape"]
            method = lower_camel(operation_name)
            out.append(f"  /// Polls ``{method}(_:)`` until the {name} condition holds (first poll at once, then\n")
            out.append(f"  /// every {waiter['delay']}s with backoff to `maximumDelay`), a failure state is reached or the\n")
            out.append("  /// timeout passes.\n")
            out.append(f"  /// - Throws: ``AWSError`` with code ``AWSError/Code/waiterFailed``, or the call's own error.\n")
            out.append(f"  public func waitUntil{name}(\n    _ input: {input_shape}, timeout: Duration = .seconds({waiter['delay'] * waiter['maxAttempts']}),\n")
            out.append(f"    minimumDelay: Duration = .seconds({waiter['delay']}), maximumDelay: Duration = .seconds(120)\n  ) async throws {{\n")
            out.append(f"    let acceptors: [WaiterAcceptor<{output_shape}>] = [\n")
            for acceptor in waiter["acceptors"]:
                expression = self.acceptor_expression(name, acceptor, output_shape)
                if expression is None:
                    continue
                out.append(f"      WaiterAcceptor(state: .{acceptor['state']}, matches: {expression}),\n")
            out.append("    ]\n")
            out.append(f"    try await Waiter(name: {json.dumps(name)}, acceptors: acceptors, minimumDelay: minimumDelay, maximumDelay: maximumDelay, timeout: timeout)\n")
            out.append(f"      .wait {{ try await self.{method}(input) }}\n  }}\n\n")
        out.append("}\n")
        return "".join(out)


def generate():
    files = {}
    for config in SERVICES:
        service = Service(config)
        files[f"{service.name}_api.swift"] = service.generate_api()
        files[f"{service.name}_shapes.swift"] = service.generate_shapes()
        files[f"{service.name}_Error.swift"] = service.generate_errors()
        paginators = service.generate_paginators()
        if paginators:
            files[f"{service.name}_Paginator.swift"] = paginators
        waiters = service.generate_waiters()
        if waiters:
            files[f"{service.name}_Waiter.swift"] = waiters
    return files


def main():
    if {"-h", "--help"} & set(sys.argv[1:]):
        print(__doc__.strip())
        return 0
    check = "--check" in sys.argv[1:]
    files = generate()
    os.makedirs(OUTPUT, exist_ok=True)
    stale = []
    for name, text in sorted(files.items()):
        path = os.path.join(OUTPUT, name)
        current = open(path).read() if os.path.exists(path) else None
        if current != text:
            stale.append(name)
            if not check:
                with open(path, "w") as handle:
                    handle.write(text)
    extra = sorted(set(os.listdir(OUTPUT)) - set(files))
    if check:
        if stale or extra:
            print("generated code is out of date: " + ", ".join(stale + extra), file=sys.stderr)
            print("run CodeGenerator/generate_aws_api.py and commit the result", file=sys.stderr)
            return 1
        print(f"generated code is up to date ({len(files)} files)")
        return 0
    for name in extra:
        os.remove(os.path.join(OUTPUT, name))
    print(f"wrote {len(stale)} of {len(files)} files to {os.path.relpath(OUTPUT, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
