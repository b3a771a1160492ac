"""Checks tools/api-fuzz adds to Schemathesis's own (loaded through SCHEMATHESIS_HOOKS)."""
import json

import schemathesis
from schemathesis.generation import GenerationMode


@schemathesis.check
def reads_refuse_only_positions_beyond_the_head(ctx, response, case):
    """A read takes every request its schema allows. The one refusal no schema can rule out is a position
    beyond the head of the log (asOf, minPosition): 422, naming the parameter. Anything else is a failure."""
    if case.method.upper() != "GET" or response.status_code != 422:
        return None
    if case.meta is not None and case.meta.generation.mode == GenerationMode.NEGATIVE:
        return None   # data the schema refuses: refusing it is right
    try:
        problem = json.loads(response.content)
    except ValueError:
        raise AssertionError("a 422 without a problem document")
    if problem.get("field") in ("asOf", "minPosition") and "beyond the head" in problem.get("detail", ""):
        return None
    raise AssertionError(f"a read refused a request its schema allows: {problem.get('field')}: {problem.get('detail')}")
