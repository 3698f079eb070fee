"""Our stack traces for resource registrations equal the SDK's own, frame for frame."""

from __future__ import annotations

import pulumi.runtime.resource as sdk_resource

from orgctl.source_positions import fast_stack_traces, stack_trace

SDK_STACK_TRACE = sdk_resource._get_stack_trace


class Resource:
    def __init__(self, traces: list):
        traces.append((SDK_STACK_TRACE(), stack_trace()))


class CustomResource(Resource):
    def __init__(self, traces: list):
        super().__init__(traces)


class Bucket(CustomResource):
    def __init__(self, traces: list):
        super().__init__(traces)


def build_in_user_code(traces: list) -> None:
    Bucket(traces)


def test_the_stack_below_three_constructors_is_the_sdks():
    traces: list = []
    build_in_user_code(traces)

    ((theirs, ours),) = traces
    assert len(ours.frames) > 2
    assert ours == theirs
    assert ours.frames[0].pc.uri.endswith("test_source_positions.py")


def test_fewer_than_three_constructors_give_an_empty_trace_as_in_the_sdk():
    traces: list = []
    CustomResource(traces)

    ((theirs, ours),) = traces
    assert len(ours.frames) == 0
    assert ours == theirs


def test_the_sdk_function_is_swapped_only_inside_the_block():
    with fast_stack_traces():
        assert sdk_resource._get_stack_trace is stack_trace
    assert sdk_resource._get_stack_trace is SDK_STACK_TRACE
