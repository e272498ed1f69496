r"""The BG/NBD model: how many active days a member will have next, from when they were active.

Fader, Hardie & Lee, "Counting your customers the easy way: an alternative to the Pareto/NBD
model", *Marketing Science* 24(2), 2005. While a member is "alive" their active days arrive
as a Poisson process of rate :math:`\lambda \sim \Gamma(r, \alpha)`; after each active day
they leave for good with probability :math:`p \sim \mathrm{Beta}(a, b)`. A member is
summarised by :math:`x` (active days after their first), :math:`t_x` (days from their first
to their last active day) and :math:`T` (days from their first active day to the moment of
the ranking). The likelihood of one member is

.. math::

    L = \frac{B(a, b + x)}{B(a, b)} \frac{\Gamma(r + x)\,\alpha^r}{\Gamma(r)(\alpha + T)^{r+x}}
      + [x > 0]\,\frac{B(a + 1, b + x - 1)}{B(a, b)}
        \frac{\Gamma(r + x)\,\alpha^r}{\Gamma(r)(\alpha + t_x)^{r+x}}

and the expected number of active days in the next :math:`t` days is

.. math::

    E[Y(t) \mid x, t_x, T] = \frac{\dfrac{a + b + x - 1}{a - 1}\left[1 -
        \left(\dfrac{\alpha + T}{\alpha + T + t}\right)^{r+x}
        {}_2F_1\!\left(r + x, b + x; a + b + x - 1; \dfrac{t}{\alpha + T + t}\right)\right]}
        {1 + [x > 0]\,\dfrac{a}{b + x - 1}\left(\dfrac{\alpha + T}{\alpha + t_x}\right)^{r+x}}

The four parameters are fitted by maximum likelihood (:func:`fit`: the mean log-likelihood
per member, less ``penalty`` × the sum of the squared parameters, which keeps them finite on
small or odd data; L-BFGS-B on their logarithms with the gradient in closed form,
:func:`scipy.optimize.minimize`).
Unlike post count, the expectation falls for a member who was busy once and has been silent
since: their silence, against their own past rate, says they have probably left.

Written here rather than taken from ``lifetimes`` (archived, no release since 2020) or
``pymc-marketing`` (which needs PyMC and PyTensor): it is two formulas and one call to SciPy.
The tests compare it with ``lifetimes`` and with numerical integration over λ and p.

>>> import numpy as np
>>> params = BGNBDParams(r=0.243, alpha=4.414, a=0.793, b=2.426)  # Fader et al.'s CDNOW fit
>>> x, t_x, T = np.array([2, 0]), np.array([30.43, 0.0]), np.array([38.86, 38.86])
>>> np.round(expected_days(params, 39.0, x, t_x, T), 3)
array([1.226, 0.195])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize
from scipy.special import betaln, digamma, gammaln, hyp2f1

from nichescout.exceptions import ParameterError

__all__ = ["BGNBDParams", "expected_days", "fit", "log_likelihood", "p_alive"]

Array = npt.NDArray[np.float64]

#: How close to 1 the dropout parameter a may come before expected_days moves it there
#: (numerical, not a modelling choice: the relative error it adds is of this order).
_NEAR_ONE = 1e-6
#: How far ₂F₁'s C moves (relatively) where SciPy fails at an exactly integer C − A − B
#: (numerical: the expectation is continuous there; the relative error is of this order).
_NEAR_INTEGER = 1e-9
#: The fit keeps each parameter's logarithm within ± this (numerical: e^±25 spans 1e-11 to
#: 7e10; beyond, ln B(a, b) and ln(b + x − 1) lose all precision).
_LOG_BOUND = 25.0
#: Decimals of a day to which the fit rounds t_x and T (0.09 s; numerical, see fit).
_DAY_DECIMALS = 6


@dataclass(frozen=True)
class BGNBDParams:
    """The fitted population: rates Γ(r, α) while alive, dropout Beta(a, b)."""

    r: float
    alpha: float
    a: float
    b: float

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.r, self.alpha, self.a, self.b)


def _check(x: npt.ArrayLike, t_x: npt.ArrayLike, T: npt.ArrayLike) -> tuple[Array, Array, Array]:
    xs, ts, Ts = (np.asarray(v, dtype=np.float64) for v in (x, t_x, T))
    if not (xs.shape == ts.shape == Ts.shape):
        raise ParameterError("x, t_x and T must have the same shape.")
    if np.any(xs < 0) or np.any(ts < 0) or np.any(Ts < ts):
        raise ParameterError("BG/NBD needs x >= 0 and 0 <= t_x <= T for every member.")
    return xs, ts, Ts


def log_likelihood(
    params: BGNBDParams, x: npt.ArrayLike, t_x: npt.ArrayLike, T: npt.ArrayLike
) -> Array:
    """Log-likelihood of each member's (x, t_x, T) under ``params``.

    >>> round(float(log_likelihood(BGNBDParams(1.0, 1.0, 1.0, 1.0), [0], [0.0], [1.0])[0]), 6)
    -0.693147
    """
    xs, ts, Ts = _check(x, t_x, T)
    return _log_likelihood(params.as_tuple(), _Members(xs, ts, Ts))


class _Members:
    """Members' (x, t_x, T), and the parts of them the likelihood reads at every evaluation
    (computed once: the fit evaluates the likelihood hundreds of times on the same members)."""

    def __init__(self, xs: Array, ts: Array, Ts: Array) -> None:
        self.xs, self.Ts = xs, Ts
        self.repeat = xs > 0
        self.x_repeat = xs[self.repeat]
        self.t_repeat = ts[self.repeat]


def _log_likelihood(params: tuple[float, float, float, float], m: _Members) -> Array:
    common, alive, gone = _log_likelihood_terms(params, m)
    return np.asarray(common + np.logaddexp(alive, gone), dtype=np.float64)


def _log_likelihood_terms(
    params: tuple[float, float, float, float], m: _Members
) -> tuple[Array, Array, Array]:
    """log L = common + log(e^alive + e^gone): still alive at T, or left after the last active
    day (gone = −inf where x = 0)."""
    r, alpha, a, b = params
    xs = m.xs
    # ln Γ(r + x) α^r / Γ(r) + ln B(a, b + x) / B(a, b), with B(a, b + x) written through
    # ln Γ (three array calls in all: the fit evaluates this hundreds of times)
    lg_bx = gammaln(b + xs)
    common = (
        gammaln(r + xs)
        - gammaln(r)
        + r * np.log(alpha)
        + gammaln(a)
        + lg_bx
        - gammaln(a + b + xs)
        - betaln(a, b)
    )
    alive = -(r + xs) * np.log(alpha + m.Ts)
    gone = np.full_like(xs, -np.inf)
    # B(a + 1, b + x - 1) = B(a, b + x) · a / (b + x - 1), only where x > 0 (then b + x - 1 > 0)
    xr = m.x_repeat
    gone[m.repeat] = np.log(a) - np.log(b + xr - 1) - (r + xr) * np.log(alpha + m.t_repeat)
    return common, alive, gone


def fit(
    x: npt.ArrayLike,
    t_x: npt.ArrayLike,
    T: npt.ArrayLike,
    *,
    penalty: float = 0.0,
    weights: npt.ArrayLike | None = None,
) -> BGNBDParams:
    """Maximum-likelihood parameters for members (x, t_x, T), each counted ``weights`` times.

    Maximises ``mean(log L) − penalty · (r² + α² + a² + b²)`` over the logarithms of the
    parameters, from (1, 1, 1, 1), by L-BFGS-B with the gradient in closed form
    (:func:`_objective`). The members are first put in a canonical form — t_x and T rounded
    to ``_DAY_DECIMALS`` decimals of a day, equal members merged (weights summed), sorted —
    so the optimum depends on the data alone, not on the last bits of how they were
    computed or on how members were grouped: on a flat optimum the optimiser's path would.
    Deterministic.
    """
    xs, ts, Ts = _check(x, t_x, T)
    w = np.ones_like(xs) if weights is None else np.asarray(weights, dtype=np.float64)
    if xs.size == 0 or w.sum() <= 0:
        raise ParameterError("BG/NBD needs at least one member to fit.")
    rows = np.column_stack([xs, np.round(ts, _DAY_DECIMALS), np.round(Ts, _DAY_DECIMALS)])
    unique, inverse = np.unique(rows, axis=0, return_inverse=True)
    counts = np.bincount(inverse.ravel(), weights=w, minlength=len(unique))
    members = _Members(unique[:, 0], unique[:, 1], unique[:, 2])
    share = counts / counts.sum()
    result = minimize(
        _objective,
        np.zeros(4),
        args=(members, share, penalty),
        jac=True,
        method="L-BFGS-B",
        bounds=[(-_LOG_BOUND, _LOG_BOUND)] * 4,
        options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 2000},
    )
    return BGNBDParams(*(float(v) for v in np.exp(result.x)))


def _objective(logs: Array, m: _Members, share: Array, penalty: float) -> tuple[float, Array]:
    r"""``−Σ share · log L + penalty · Σ θ²`` and its gradient in the logarithms of θ.

    With :math:`w_G` the share of the "left after the last active day" term in each
    member's likelihood (:math:`w_A = 1 − w_G`) and ψ the digamma function:

    .. math::

        \partial_r \log L &= ψ(r + x) − ψ(r) + \ln α − w_A \ln(α + T) − w_G \ln(α + t_x) \\
        \partial_α \log L &= r / α − (r + x) (w_A / (α + T) + w_G / (α + t_x)) \\
        \partial_a \log L &= ψ(a + b) − ψ(a + b + x) + w_G / a \\
        \partial_b \log L &= ψ(a + b) − ψ(a + b + x) + ψ(b + x) − ψ(b) − w_G / (b + x − 1)

    (the :math:`w_G` terms only where :math:`x > 0`); ∂/∂ ln θ = θ ∂/∂θ.
    """
    values = np.exp(logs)
    r, alpha, a, b = (float(v) for v in values)
    xs, Ts, rep, xr, tr = m.xs, m.Ts, m.repeat, m.x_repeat, m.t_repeat
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        common, alive, gone = _log_likelihood_terms((r, alpha, a, b), m)
        either = np.logaddexp(alive, gone)
        ll = common + either
        w_gone = np.exp(gone - either)  # 0 where x = 0 (gone = −inf)
        w_alive = 1.0 - w_gone
        log_at = np.zeros_like(xs)
        log_at[rep] = np.log(alpha + tr)
        inv_at = np.zeros_like(xs)
        inv_at[rep] = 1.0 / (alpha + tr)
        inv_bx = np.zeros_like(xs)
        inv_bx[rep] = 1.0 / (b + xr - 1)
        shared = digamma(a + b) - digamma(a + b + xs)
        d_r = digamma(r + xs) - digamma(r) + np.log(alpha) - w_alive * np.log(alpha + Ts)
        d_r -= w_gone * log_at
        d_alpha = r / alpha - (r + xs) * (w_alive / (alpha + Ts) + w_gone * inv_at)
        d_a = shared + w_gone / a
        d_b = shared + digamma(b + xs) - digamma(b) - w_gone * inv_bx
        value = -float(share @ ll) + penalty * float(values @ values)
        grad = -np.array([share @ d_r, share @ d_alpha, share @ d_a, share @ d_b]) * values
        grad += 2.0 * penalty * values * values
    if not (np.isfinite(value) and np.all(np.isfinite(grad))):
        return np.inf, np.zeros(4)
    return value, grad


def p_alive(params: BGNBDParams, x: npt.ArrayLike, t_x: npt.ArrayLike, T: npt.ArrayLike) -> Array:
    """Probability that each member has not left by ``T``.

    >>> float(p_alive(BGNBDParams(1.0, 1.0, 1.0, 1.0), [0], [0.0], [5.0])[0])
    1.0
    """
    xs, ts, Ts = _check(x, t_x, T)
    return 1.0 / (1.0 + _gone_odds(params, xs, ts, Ts))


def _gone_odds(params: BGNBDParams, xs: Array, ts: Array, Ts: Array) -> Array:
    """[x > 0] · a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x): odds of having left."""
    r, alpha, a, b = params.as_tuple()
    odds = np.zeros_like(xs)
    repeat = xs > 0
    xr = xs[repeat]
    with np.errstate(over="ignore"):  # a long silence: odds → inf, P(alive) → 0
        odds[repeat] = np.exp(
            np.log(a)
            - np.log(b + xr - 1)
            + (r + xr) * (np.log(alpha + Ts[repeat]) - np.log(alpha + ts[repeat]))
        )
    return odds


def _scaled_hyp2f1(A: Array, B: Array, C: Array, z: Array, log_scale: Array) -> Array:
    """exp(log_scale) · ₂F₁(A, B; C; z) for 0 <= z < 1, finite where the product is.

    ₂F₁ may be negative (C < 0 when a + b + x < 1) or overflow while the product does not;
    where it overflows, Euler's identity ₂F₁(A, B; C; z) = (1 − z)^(C − A − B)
    ₂F₁(C − A, C − B; C; z) moves the large factor into the logarithm. Where both forms fail
    (SciPy returns +inf for z near 1 when C − A − B is exactly a negative integer and the
    parameters are not integers, e.g. a = r), C moves by ``_NEAR_INTEGER`` of itself: the
    expectation is continuous in the parameters."""
    out = _scaled_hyp2f1_once(A, B, C, z, log_scale)
    stuck = ~np.isfinite(out)
    if np.any(stuck):
        nudged = _scaled_hyp2f1_once(A, B, C * (1.0 + _NEAR_INTEGER), z, log_scale)
        out = np.where(stuck, nudged, out)
    return out


def _scaled_hyp2f1_once(A: Array, B: Array, C: Array, z: Array, log_scale: Array) -> Array:
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        direct = hyp2f1(A, B, C, z)
        euler = hyp2f1(C - A, C - B, C, z)
        euler_log = np.log(np.abs(euler)) + (C - A - B) * np.log1p(-z) + log_scale
        by_euler = np.sign(euler) * np.exp(euler_log)
        by_direct = direct * np.exp(log_scale)
    return np.asarray(np.where(np.isfinite(direct), by_direct, by_euler), dtype=np.float64)


def expected_days(
    params: BGNBDParams, t: float, x: npt.ArrayLike, t_x: npt.ArrayLike, T: npt.ArrayLike
) -> Array:
    """Expected active days of each member in the ``t`` days after ``T`` (formula above)."""
    xs, ts, Ts = _check(x, t_x, T)
    if not t >= 0:
        raise ParameterError(f"The horizon t must be 0 or more, got {t!r}.")
    r, alpha, a, b = params.as_tuple()
    # a = 1 is a removable singularity (0/0); the expectation is continuous in a there
    a = a if abs(a - 1.0) > _NEAR_ONE else 1.0 + _NEAR_ONE
    z = t / (alpha + Ts + t)
    shrink = (r + xs) * (np.log(alpha + Ts) - np.log(alpha + Ts + t))
    bracket = 1.0 - _scaled_hyp2f1(r + xs, b + xs, a + b + xs - 1, z, shrink)
    numerator = (a + b + xs - 1) / (a - 1) * bracket
    return np.asarray(numerator / (1.0 + _gone_odds(params, xs, ts, Ts)), dtype=np.float64)
