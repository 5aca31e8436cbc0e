"""Validating an answer of /openreferral/ against the Open Referral UK profile's own schema for its path: the response
schema openapi.json gives the path, with its $refs resolved offline to the files in fixtures/oruk (README-refs.md
there says how; Draft 2020-12, the dialect openapi.json names)."""

import json
import pathlib

import jsonschema
from referencing import Registry
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

ORUK = pathlib.Path(__file__).parent / "fixtures" / "oruk"
RAW = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
PREFIXES = [(RAW + "compiled/", ORUK / "compiled"), (RAW, ORUK / "schema")]  # the longer first
OPENAPI_URI = "urn:oruk:openapi.json"


def _retrieve(uri: str):
    if uri == OPENAPI_URI:
        path = ORUK / "openapi.json"
    else:
        for prefix, folder in PREFIXES:
            if uri.startswith(prefix):
                path = folder / uri[len(prefix) :]
                break
        else:
            raise NoSuchResource(ref=uri)  # never the network
    return DRAFT202012.create_resource(json.loads(path.read_text()))


REGISTRY = Registry(retrieve=_retrieve)
PATHS = json.loads((ORUK / "openapi.json").read_text())["paths"]


def validator(path: str, status: str = "200") -> jsonschema.Draft202012Validator:
    """The validator for a path of the profile's openapi.json, as written there (e.g. "/services/{id}")."""
    assert path in PATHS, f"{path} is not a path of the profile"
    escaped = path.replace("~", "~0").replace("/", "~1")
    ref = f"{OPENAPI_URI}#/paths/{escaped}/get/responses/{status}/content/application~1json/schema"
    return jsonschema.Draft202012Validator(
        {"$ref": ref}, registry=REGISTRY, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def problems(path: str, body) -> list[str]:
    """Each way the body breaks the profile's schema for the path, as "where: what" ([] when it conforms)."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(body)'}: {error.message}"
        for error in validator(path).iter_errors(body)
    ]


def assert_conforms(path: str, body) -> None:
    found = problems(path, body)
    assert not found, f"{path} does not conform to the profile:\n" + "\n".join(found)
