"""Checks a value against a type at run time: what the generated result types
promise is what the package returns."""

import typing


def conforms(value, tp, path="value"):
    """Asserts `value` is of the type `tp` (TypedDicts, lists, tuples, dicts, unions, literals)."""
    origin = typing.get_origin(tp)
    if tp is typing.Any:
        return
    if typing.is_typeddict(tp):
        assert isinstance(value, dict), f"{path}: {value!r} is not a dict"
        hints = typing.get_type_hints(tp)
        missing = tp.__required_keys__ - value.keys()
        extra = value.keys() - hints.keys()
        assert not missing and not extra, f"{path} ({tp.__name__}): missing {missing}, extra {extra}"
        for key, item in value.items():
            conforms(item, hints[key], f"{path}.{key}")
    elif origin is typing.Union:
        failures = []
        for option in typing.get_args(tp):
            try:
                conforms(value, option, path)
                return
            except AssertionError as e:
                failures.append(str(e))
        raise AssertionError(f"{path}: {value!r} is none of {tp}: {failures}")
    elif origin is typing.Literal:
        assert value in typing.get_args(tp), f"{path}: {value!r} not in {tp}"
    elif origin is list:
        assert isinstance(value, list), f"{path}: {value!r} is not a list"
        (item_type,) = typing.get_args(tp)
        for i, item in enumerate(value):
            conforms(item, item_type, f"{path}[{i}]")
    elif origin is tuple:
        assert isinstance(value, tuple), f"{path}: {value!r} is not a tuple"
        types = typing.get_args(tp)
        assert len(value) == len(types), f"{path}: {value!r} is not of length {len(types)}"
        for i, (item, item_type) in enumerate(zip(value, types)):
            conforms(item, item_type, f"{path}[{i}]")
    elif origin is dict:
        assert isinstance(value, dict), f"{path}: {value!r} is not a dict"
        key_type, item_type = typing.get_args(tp)
        for key, item in value.items():
            conforms(key, key_type, f"{path} key")
            conforms(item, item_type, f"{path}[{key!r}]")
    elif tp is type(None):
        assert value is None, f"{path}: {value!r} is not None"
    elif tp is float:
        assert isinstance(value, (int, float)) and not isinstance(value, bool), f"{path}: {value!r} is not float"
    else:
        assert isinstance(value, tp) and not (tp is int and isinstance(value, bool)), (
            f"{path}: {value!r} is not {tp.__name__}"
        )
