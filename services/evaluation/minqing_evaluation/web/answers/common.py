"""What several of evaluation's answers share: a period's bounds and the rates of a set of counts."""

from __future__ import annotations

from pydantic import ConfigDict, Field, create_model

from minqing_kit.response_models import ResponseModel

from ...domain.rates import RATES


class Aliased(ResponseModel):
    """An answer with a field named by its alias, such as ``from_`` written "from" (a Python keyword), as
    its schema names it."""

    model_config = ConfigDict(serialize_by_alias=True)


class Period(Aliased):
    """An answer over local days ``from`` to ``to``, both inclusive (YYYY-MM-DD)."""

    from_: str = Field(alias="from")
    to: str


def _rate(top: str, bottom: str, higher_is_better: bool) -> object:
    better = "higher" if higher_is_better else "lower"
    return Field(None, description=f"{top} / {bottom}, a fraction in [0, 1] ({better} is better); null: no {bottom}")


Rates = create_model(  # domain.rates.rates: each rate of RATES, null when its denominator is 0
    "Rates",
    __base__=ResponseModel,
    __doc__="Each rate of the counts, as domain/rates.py RATES defines it (numerator / denominator).",
    **{name: (float | None, _rate(*definition)) for name, definition in RATES.items()},
)


class Fraction(ResponseModel):
    """A rate with what it is counted from: value = numerator / denominator (null when it is 0)."""

    value: float | None
    numerator: int
    denominator: int
