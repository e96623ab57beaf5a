"""One test per rule of ``arazzo validate``: a document that breaks it, and one that does not."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from arazzo_engine.loader import load
from arazzo_engine.validation import RULES
from arazzo_engine.validation import iter_problems

FIXTURES = Path(__file__).parent / "fixtures"
BASE_URI = (FIXTURES / "test.arazzo.yaml").as_uri()

HEADER = """\
arazzo: 1.0.1
info: {title: validation test, version: "1"}
sourceDescriptions:
  - {name: shop, url: ./shop.openapi.yaml, type: openapi}
"""


def problems(body: str, *, header: str = HEADER, components: str = "", **kw):
    """Every finding for a document whose workflows are ``body``."""
    text = header + "workflows:\n" + textwrap.indent(textwrap.dedent(body), "  ")
    if components:
        text += "components:\n" + textwrap.indent(textwrap.dedent(components), "  ")
    return list(iter_problems(load(text, base_uri=BASE_URI), **kw))


def findings(body: str, **kw):
    """(rule, pointer) of every finding for a document whose workflows are ``body``."""
    return [(p.rule, p.location.pointer) for p in problems(body, **kw)]


CLEAN = """\
- workflowId: adopt
  inputs:
    type: object
    required: [name]
    properties:
      name: {type: string}
      tag: {type: string}
  parameters:
    - {name: X-Trace-Id, in: header, value: trace-1}
  steps:
    - stepId: create
      operationId: createPet
      requestBody:
        contentType: application/json
        payload: {name: $inputs.name, tag: "{$inputs.tag}-pet"}
      successCriteria:
        - condition: $statusCode == 201
      outputs:
        petId: $response.body#/id
    - stepId: fetch
      operationId: $sourceDescriptions.shop.getPet
      parameters:
        - {name: petId, in: path, value: $steps.create.outputs.petId}
        - {name: x-api-key, in: header, value: secret}
        - {name: session, in: cookie, value: abc}
      successCriteria:
        - condition: $statusCode == 200 && $response.body#/name == 'Rex'
        - {context: $response.body#/name, condition: '^R', type: regex}
        - {context: $response.body, condition: '$.tags[?@ == "x"]', type: jsonpath}
      onFailure:
        - {name: again, type: retry, retryAfter: 0, retryLimit: 2,
           criteria: [{condition: $statusCode == 404}]}
      outputs:
        name: $response.body#/name
    - stepId: everyone
      operationPath: '{$sourceDescriptions.shop.url}#/paths/~1pets/get'
      successCriteria:
        - condition: $statusCode == 200 || $statusCode == 404
  outputs:
    petId: $steps.create.outputs.petId
    name: $steps.fetch.outputs.name
"""


def test_a_clean_document_has_no_findings():
    assert findings(CLEAN) == []


def test_every_rule_has_a_distinct_id_and_a_severity():
    assert all(rule.id == key for key, rule in RULES.items())
    assert {rule.severity for rule in RULES.values()} == {"error", "warning"}


def test_documented_rules_match_the_registry():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "validation.md").read_text()
    for rule in RULES.values():
        assert f"`{rule.id}`" in docs, rule.id
        assert f"| `{rule.id}` | {rule.severity} |" in docs, rule.id


# -- sources and operations ---------------------------------------------------------------


def test_source_unavailable_is_one_finding_and_its_operations_are_not_reported():
    header = HEADER + "  - {name: gone, url: ./nowhere.yaml, type: openapi}\n"
    got = findings(
        """\
        - workflowId: w
          steps:
            - {stepId: a, operationId: $sourceDescriptions.gone.something}
            - {stepId: b, operationId: somethingElse}
        """,
        header=header,
    )
    assert got == [("source-unavailable", "/sourceDescriptions/1/url")]


def test_source_override_replaces_the_url():
    header = HEADER + "  - {name: gone, url: ./nowhere.yaml, type: openapi}\n"
    other = (FIXTURES / "other.openapi.yaml").as_uri()
    workflow = "- workflowId: w\n  steps:\n    - {stepId: a, operationId: ping}\n"
    got = findings(workflow, header=header, sources={"gone": other})
    assert got == [("source-no-servers", "/workflows/0/steps/0/operationId")]


def test_operation_not_found_suggests_the_nearest_id():
    doc = load(
        HEADER + "workflows:\n  - workflowId: w\n    steps:\n"
        "      - {stepId: a, operationId: listPet}\n",
        base_uri=BASE_URI,
    )
    [problem] = iter_problems(doc)
    assert (problem.rule, problem.location.pointer) == (
        "operation-not-found",
        "/workflows/0/steps/0/operationId",
    )
    assert problem.hint is not None
    assert problem.hint.startswith("did you mean 'listPets'")
    assert problem.location.line == 8


def test_operation_path_to_a_path_item_is_not_found():
    got = findings(
        """\
        - workflowId: w
          steps:
            - stepId: a
              operationPath: '{$sourceDescriptions.shop.url}#/paths/~1pets'
        """
    )
    assert got == [("operation-not-found", "/workflows/0/steps/0/operationPath")]


def test_qualified_operation_id_must_name_a_real_source():
    got = findings(
        "- workflowId: w\n  steps:\n"
        "    - {stepId: a, operationId: $sourceDescriptions.shp.getPet}\n"
    )
    assert got == [("source-unknown", "/workflows/0/steps/0/operationId")]


def test_unqualified_operation_id_in_two_sources_is_ambiguous():
    header = HEADER + "  - {name: other, url: ./other.openapi.yaml, type: openapi}\n"
    workflow = """\
    - workflowId: w
      steps:
        - stepId: a
          operationId: getPet
          parameters: [{name: petId, in: path, value: "1"}]
    """
    assert findings(workflow, header=header) == [
        ("operation-ambiguous", "/workflows/0/steps/0/operationId")
    ]
    qualified = workflow.replace("getPet", "$sourceDescriptions.shop.getPet")
    assert findings(qualified, header=header) == []


def test_a_dangling_ref_in_the_operation_is_reported():
    header = HEADER + "  - {name: broken, url: ./broken-ref.openapi.yaml, type: openapi}\n"
    got = findings(
        "- workflowId: w\n  steps:\n    - {stepId: a, operationId: listThings}\n", header=header
    )
    assert got == [("operation-ref", "/workflows/0/steps/0/operationId")]


def test_no_servers_is_a_warning_once_per_source():
    header = HEADER.replace("shop, url: ./shop", "shop, url: ./other")
    got = findings(
        """\
        - workflowId: w
          steps:
            - {stepId: a, operationId: ping}
            - {stepId: b, operationId: ping}
        """,
        header=header,
    )
    assert got == [("source-no-servers", "/workflows/0/steps/0/operationId")]


def test_workflow_step_and_depends_on_must_name_workflows():
    got = findings(
        """\
        - workflowId: w
          dependsOn: [setup]
          steps:
            - {stepId: a, workflowId: adopt}
        - workflowId: setupp
          steps:
            - {stepId: a, operationId: ping}
        """.replace(
            "operationId: ping",
            "operationId: deletePet, parameters: [{name: petId, in: path, value: '1'}]",
        )
    )
    assert got == [
        ("workflow-not-found", "/workflows/0/dependsOn/0"),
        ("workflow-not-found", "/workflows/0/steps/0/workflowId"),
    ]


def test_workflow_in_an_arazzo_source_resolves():
    header = HEADER + "  - {name: lib, url: ./callee.arazzo.yaml, type: arazzo}\n"
    workflow = """\
    - workflowId: w
      steps:
        - stepId: a
          workflowId: $sourceDescriptions.lib.remove-pet
          parameters: [{name: petId, value: "1"}]
          outputs: {done: $outputs.done}
    """
    assert findings(workflow, header=header) == []
    wrong = workflow.replace("remove-pet", "remove-pets")
    assert findings(wrong, header=header) == [
        ("workflow-not-found", "/workflows/0/steps/0/workflowId")
    ]


# -- parameters ---------------------------------------------------------------------------


def test_unknown_parameter_names_the_nearest_and_the_right_in():
    doc = load(
        HEADER
        + textwrap.dedent(
            """\
            workflows:
              - workflowId: w
                steps:
                  - stepId: a
                    operationId: getPet
                    parameters:
                      - {name: petID, in: path, value: "1"}
                      - {name: verbose, in: header, value: true}
            """
        ),
        base_uri=BASE_URI,
    )
    got = [(p.rule, p.location.pointer, p.hint) for p in iter_problems(doc)]
    assert got == [
        ("parameter-unknown", "/workflows/0/steps/0/parameters/0", "did you mean 'petId'?"),
        (
            "parameter-unknown",
            "/workflows/0/steps/0/parameters/1",
            "the operation declares 'verbose' in query; set in: query",
        ),
        (
            "parameter-missing",
            "/workflows/0/steps/0/parameters",
            "add {name: petId, in: path, value: ...} to the step's parameters",
        ),
    ]


def test_header_names_are_case_insensitive_and_security_headers_are_known():
    got = findings(
        """\
        - workflowId: w
          steps:
            - stepId: a
              operationId: listPets
              parameters:
                - {name: x-trace-id, in: header, value: t}
                - {name: X-API-KEY, in: header, value: k}
                - {name: Authorization, in: header, value: Bearer x}
        """
    )
    assert got == []


def test_required_parameters_come_from_step_workflow_or_component():
    workflow = """\
    - workflowId: w
      parameters:
        - reference: $components.parameters.pet
          value: "7"
      steps:
        - {stepId: a, operationId: getPet}
    """
    components = "parameters:\n  pet: {name: petId, in: path, value: '1'}\n"
    assert findings(workflow, components=components) == []
    bare = "- workflowId: w\n  steps:\n    - {stepId: a, operationId: getPet}\n"
    assert findings(bare) == [("parameter-missing", "/workflows/0/steps/0")]


def test_path_template_variables_must_be_bound_even_when_undeclared():
    got = findings("- workflowId: w\n  steps:\n    - {stepId: a, operationId: listOwnerPets}\n")
    assert got == [("parameter-missing", "/workflows/0/steps/0")]
    bound = findings(
        "- workflowId: w\n  steps:\n    - {stepId: a, operationId: listOwnerPets, "
        "parameters: [{name: ownerId, in: path, value: o1}]}\n"
    )
    assert bound == []


def test_workflow_parameter_unknown_to_every_operation():
    got = findings(
        """\
        - workflowId: w
          parameters:
            - {name: X-Nobody, in: header, value: x}
            - {name: limit, in: query, value: 5}
          steps:
            - {stepId: a, operationId: listPets}
            - {stepId: b, operationId: searchPets}
        """
    )
    assert got == [("parameter-unknown", "/workflows/0/parameters/0")]


def test_workflow_step_inputs_are_checked_against_the_callee():
    got = findings(
        """\
        - workflowId: caller
          steps:
            - stepId: call
              workflowId: callee
              parameters: [{name: nmae, value: x}]
        - workflowId: callee
          inputs:
            type: object
            required: [name]
            properties: {name: {type: string}}
          steps:
            - stepId: a
              operationId: createPet
              requestBody: {payload: {name: $inputs.name}}
        """
    )
    assert got == [
        ("workflow-input-unknown", "/workflows/0/steps/0/parameters/0"),
        ("workflow-input-missing", "/workflows/0/steps/0/parameters"),
    ]


# -- bodies -------------------------------------------------------------------------------


def test_body_on_an_operation_without_one():
    got = findings(
        "- workflowId: w\n  steps:\n    - {stepId: a, operationId: ping, "
        "requestBody: {payload: {x: 1}}}\n",
        header=HEADER.replace("shop, url: ./shop", "shop, url: ./other"),
    )
    assert ("body-unexpected", "/workflows/0/steps/0/requestBody") in got


def test_missing_required_body():
    got = findings("- workflowId: w\n  steps:\n    - {stepId: a, operationId: createPet}\n")
    assert got == [("body-missing", "/workflows/0/steps/0")]


def test_content_type_must_be_accepted_media_ranges_count():
    base = "- workflowId: w\n  steps:\n    - {stepId: a, operationId: %s, requestBody: %s}\n"
    wrong = base % ("createPet", "{contentType: text/plain, payload: {name: x}}")
    assert findings(wrong) == [
        ("body-content-type", "/workflows/0/steps/0/requestBody/contentType")
    ]
    charset = base % (
        "createPet",
        "{contentType: application/json; charset=utf-8, payload: {name: x}}",
    )
    assert findings(charset) == []
    ranged = base % ("searchPets", "{contentType: application/xml, payload: '<q/>'}")
    assert findings(ranged) == []


@pytest.mark.parametrize("content_type", ["application/json", "application/x-www-form-urlencoded"])
def test_object_payload_properties_required_and_known(content_type):
    got = findings(
        f"""\
        - workflowId: w
          steps:
            - stepId: a
              operationId: createPet
              requestBody:
                contentType: {content_type}
                payload: {{nmae: x, tag: $inputs.tag}}
          inputs: {{type: object, properties: {{tag: {{type: string}}}}}}
        """
    )
    assert got == [
        ("body-property-missing", "/workflows/0/steps/0/requestBody/payload"),
        ("body-property-unknown", "/workflows/0/steps/0/requestBody/payload/nmae"),
    ]


def test_replacements_and_expression_values_count_as_present():
    got = findings(
        """\
        - workflowId: w
          inputs: {type: object, properties: {pet: {type: object}}}
          steps:
            - stepId: a
              operationId: createPet
              requestBody:
                payload: {tag: t}
                replacements: [{target: /name, value: $inputs.pet}]
            - stepId: b
              operationId: createPet
              requestBody: {payload: $inputs.pet}
        """
    )
    assert got == []


# -- expressions --------------------------------------------------------------------------


def test_expression_syntax_in_outputs_and_contexts():
    got = findings(
        """\
        - workflowId: w
          steps:
            - stepId: a
              operationId: ping
              successCriteria:
                - {context: $response.bdy, condition: x, type: regex}
              outputs: {x: $response.body}
          outputs:
            bad: $steps.a.x
            constant: just text
        """,
        header=HEADER.replace("shop, url: ./shop", "shop, url: ./other"),
    )
    assert [g for g in got if g[0] != "source-no-servers"] == [
        ("expression-syntax", "/workflows/0/steps/0/successCriteria/0/context"),
        ("expression-syntax", "/workflows/0/outputs/bad"),
    ]


def test_dollar_strings_that_do_not_parse_are_literal_warnings():
    doc = load(
        HEADER
        + textwrap.dedent(
            """\
            workflows:
              - workflowId: w
                steps:
                  - stepId: a
                    operationId: createPet
                    requestBody:
                      payload: {name: $input.name, tag: "id-{$inputs.}"}
            """
        ),
        base_uri=BASE_URI,
    )
    got = [(p.rule, p.severity, p.location.pointer) for p in iter_problems(doc)]
    assert got == [
        ("expression-literal", "warning", "/workflows/0/steps/0/requestBody/payload/name"),
        ("expression-literal", "warning", "/workflows/0/steps/0/requestBody/payload/tag"),
    ]


def test_json_template_quoting_an_object_input_is_a_warning():
    got = findings(
        """\
        - workflowId: w
          inputs:
            type: object
            properties:
              pet: {type: object}
              name: {type: string}
              tags: {type: array}
          steps:
            - stepId: a
              operationId: createPet
              requestBody:
                contentType: application/json
                payload: '{"name": "{$inputs.name}", "pet": "{$inputs.pet}", "t": {$inputs.tags}}'
        """
    )
    assert got == [("template-quoted-structure", "/workflows/0/steps/0/requestBody/payload")]


def test_http_expressions_where_there_is_no_exchange():
    got = problems(
        """\
        - workflowId: w
          steps:
            - stepId: a
              operationId: getPet
              parameters: [{name: petId, in: path, value: $response.body#/id}]
            - stepId: b
              workflowId: v
              successCriteria: [{condition: $statusCode == 200}]
          outputs:
            code: $statusCode
        - workflowId: v
          steps:
            - {stepId: a, operationId: deletePet, parameters: [{name: petId, in: path, value: "1"}]}
        """
    )
    assert [(p.rule, p.location.pointer) for p in got] == [
        ("expression-scope", "/workflows/0/steps/0/parameters/0/value"),
        ("expression-scope", "/workflows/0/steps/1/successCriteria/0/condition"),
        ("expression-scope", "/workflows/0/outputs/code"),
    ]
    assert "no HTTP request yet" in got[0].message
    assert got[0].hint.startswith("the request is not sent yet")
    assert got[1].hint.startswith("a workflow step has no HTTP response")
    assert "$workflows.v.outputs" in got[1].hint
    assert got[2].hint.startswith("workflow outputs read step outputs")


def test_step_references_name_earlier_steps_and_declared_outputs():
    got = findings(
        """\
        - workflowId: w
          steps:
            - stepId: a
              operationId: getPet
              parameters: [{name: petId, in: path, value: $steps.b.outputs.id}]
              outputs: {id: $response.body#/id}
            - stepId: b
              operationId: getPet
              parameters: [{name: petId, in: path, value: $steps.a.outputs.ident}]
              outputs: {id: $response.body#/id}
            - stepId: c
              operationId: getPet
              parameters: [{name: petId, in: path, value: $steps.z.outputs.id}]
          outputs:
            last: $steps.b.outputs.id
        """
    )
    assert got == [
        ("step-order", "/workflows/0/steps/0/parameters/0/value"),
        ("step-output-unknown", "/workflows/0/steps/1/parameters/0/value"),
        ("step-unknown", "/workflows/0/steps/2/parameters/0/value"),
    ]


def test_a_loop_back_makes_later_outputs_available_and_own_outputs_count_in_actions():
    got = findings(
        """\
        - workflowId: w
          steps:
            - stepId: poll
              operationId: getPet
              parameters: [{name: petId, in: path, value: $steps.check.outputs.id}]
              outputs: {status: $response.body#/status}
              onSuccess:
                - name: done
                  type: end
                  criteria: [{condition: $steps.poll.outputs.status == 'ok'}]
            - stepId: check
              operationId: getPet
              parameters: [{name: petId, in: path, value: "1"}]
              outputs: {id: $response.body#/id}
              onSuccess:
                - {name: again, type: goto, stepId: poll}
        """
    )
    assert got == []


def test_inputs_must_be_declared_through_component_refs():
    workflow = """\
    - workflowId: w
      inputs: {$ref: '#/components/inputs/pet'}
      steps:
        - stepId: a
          operationId: createPet
          requestBody: {payload: {name: $inputs.name, tag: $inputs.tga}}
    """
    components = "inputs:\n  pet: {type: object, properties: {name: {}, tag: {}}}\n"
    assert findings(workflow, components=components) == [
        ("input-undeclared", "/workflows/0/steps/0/requestBody/payload/tag")
    ]
    no_schema = "\n".join(line for line in workflow.splitlines() if "$ref" not in line)
    assert findings(no_schema) == [
        ("input-undeclared", "/workflows/0/steps/0/requestBody/payload/name"),
        ("input-undeclared", "/workflows/0/steps/0/requestBody/payload/tag"),
    ]


def test_required_inputs_never_used_are_warnings():
    got = findings(
        """\
        - workflowId: w
          inputs: {type: object, required: [name, unused], properties: {name: {}, unused: {}}}
          steps:
            - {stepId: a, operationId: createPet, requestBody: {payload: {name: $inputs.name}}}
        """
    )
    assert got == [("input-unused", "/workflows/0/inputs")]


def test_workflows_sources_and_components_references():
    got = findings(
        """\
        - workflowId: w
          steps:
            - {stepId: a, operationId: createPet, requestBody: {payload: {name: x}}}
          outputs:
            ok: $workflows.v.outputs.id
            missing: $workflows.v.outputs.nope
            nowf: $workflows.zz.outputs.id
            url: $sourceDescriptions.shop.url
            op: $sourceDescriptions.shop.listPets
            nosrc: $sourceDescriptions.shops.url
            noop: $sourceDescriptions.shop.listPest
            comp: $components.parameters.pet
            nocomp: $components.parameters.pets
        - workflowId: v
          steps:
            - {stepId: a, operationId: createPet, requestBody: {payload: {name: x}},
               outputs: {id: $response.body#/id}}
          outputs: {id: $steps.a.outputs.id}
        """,
        components="parameters:\n  pet: {name: petId, in: path, value: '1'}\n",
    )
    assert got == [
        ("workflow-reference", "/workflows/0/outputs/missing"),
        ("workflow-reference", "/workflows/0/outputs/nowf"),
        ("source-unknown", "/workflows/0/outputs/nosrc"),
        ("source-unknown", "/workflows/0/outputs/noop"),
        ("component-unknown", "/workflows/0/outputs/nocomp"),
    ]


def test_callee_outputs_in_a_workflow_step():
    got = findings(
        """\
        - workflowId: w
          steps:
            - stepId: call
              workflowId: v
              outputs: {id: $outputs.id, other: $outputs.nope}
        - workflowId: v
          steps:
            - {stepId: a, operationId: createPet, requestBody: {payload: {name: x}},
               outputs: {id: $response.body#/id}}
          outputs: {id: $steps.a.outputs.id}
        """
    )
    assert got == [("workflow-reference", "/workflows/0/steps/0/outputs/other")]


# -- criteria and actions -----------------------------------------------------------------


def test_conditions_regex_jsonpath_and_xpath_must_parse():
    got = findings(
        """\
        - workflowId: w
          steps:
            - stepId: a
              operationId: deletePet
              parameters: [{name: petId, in: path, value: "1"}]
              successCriteria:
                - condition: $statusCode = 200
                - {context: $response.body, condition: '([a-z', type: regex}
                - {context: $response.body, condition: '$[?@.x ==]', type: jsonpath}
                - {context: $response.body, condition: '//a[', type: xpath}
                - {context: $response.body, condition: '$.a', type: jsonpath}
        """
    )
    assert got == [
        ("criterion-syntax", f"/workflows/0/steps/0/successCriteria/{i}/condition")
        for i in range(4)
    ]


def test_status_code_must_be_declared_ranges_and_default_count():
    got = findings(
        """\
        - workflowId: w
          steps:
            - stepId: a
              operationId: createPet
              requestBody: {payload: {name: x}}
              successCriteria: [{condition: $statusCode == 200}]
              onFailure:
                - {name: r, type: retry, criteria: [{condition: $statusCode == 503}]}
            - stepId: b
              operationId: listPets
              successCriteria: [{condition: $statusCode == 404}]
            - stepId: c
              operationId: deletePet
              parameters: [{name: petId, in: path, value: "1"}]
              successCriteria: [{condition: "$statusCode == 418"}]
            - stepId: d
              operationId: searchPets
              successCriteria: [{condition: "$statusCode == 204 || 500 == $statusCode"}]
        """
    )
    assert got == [
        ("status-undeclared", "/workflows/0/steps/0/successCriteria/0"),
        ("action-status-undeclared", "/workflows/0/steps/0/onFailure/0/criteria/0"),
        ("status-undeclared", "/workflows/0/steps/3/successCriteria/0"),
    ]


def test_goto_and_retry_targets_must_exist():
    got = findings(
        """\
        - workflowId: w
          failureActions:
            - {name: restart, type: goto, workflowId: nowhere}
          steps:
            - stepId: a
              operationId: createPet
              requestBody: {payload: {name: x}}
              onSuccess: [{name: jump, type: goto, stepId: c}]
              onFailure: [{name: fix, type: retry, stepId: b}]
            - stepId: b
              operationId: createPet
              requestBody: {payload: {name: x}}
        """
    )
    assert got == [
        ("action-target", "/workflows/0/steps/0/onSuccess/0"),
        ("action-target", "/workflows/0/failureActions/0"),
    ]


def test_unreachable_step_after_an_unconditional_end():
    workflow = """\
    - workflowId: w
      steps:
        - stepId: a
          operationId: createPet
          requestBody: {payload: {name: x}}
          onSuccess: [{name: stop, type: end}]
        - stepId: b
          operationId: createPet
          requestBody: {payload: {name: x}}
    """
    assert findings(workflow) == [("step-unreachable", "/workflows/0/steps/1")]
    conditional = workflow.replace(
        "type: end}", "type: end, criteria: [{condition: $statusCode == 201}]}"
    )
    assert findings(conditional) == []
    by_failure = workflow.replace(
        "type: end}]", "type: end}]\n          onFailure: [{name: on, type: goto, stepId: b}]"
    )
    assert findings(by_failure) == []


def test_unconditional_goto_cycle_is_a_warning():
    workflow = """\
    - workflowId: w
      steps:
        - stepId: a
          operationId: createPet
          requestBody: {payload: {name: x}}
          onSuccess: [{name: next, type: goto, stepId: b}]
        - stepId: b
          operationId: createPet
          requestBody: {payload: {name: x}}
          onSuccess: [{name: back, type: goto, stepId: a}]
    """
    assert findings(workflow) == [("goto-cycle", "/workflows/0/steps/0")]
    bounded = workflow.replace(
        "stepId: a}]", "stepId: a, criteria: [{condition: $response.body#/more == true}]}]"
    )
    assert findings(bounded) == []


def test_workflow_filter_checks_only_the_named_workflows():
    workflows = """\
    - workflowId: good
      steps:
        - {stepId: a, operationId: createPet, requestBody: {payload: {name: x}}}
    - workflowId: bad
      steps:
        - {stepId: a, operationId: nope}
    """
    assert findings(workflows, workflows={"good"}) == []
    assert findings(workflows) == [("operation-not-found", "/workflows/1/steps/0/operationId")]


def test_goessner_constructs_without_an_rfc_equivalent_are_unsupported():
    workflow = """\
    - workflowId: w
      steps:
        - stepId: a
          operationId: deletePet
          parameters: [{name: petId, in: path, value: "1"}]
          successCriteria:
            - context: $response.body
              condition: $.pets.length
              type: {type: jsonpath, version: draft-goessner-dispatch-jsonpath-00}
    """
    assert findings(workflow) == [
        ("criterion-unsupported", "/workflows/0/steps/0/successCriteria/0")
    ]
    rfc = workflow.replace("$.pets.length", "$.pets[0]")
    assert findings(rfc) == []
