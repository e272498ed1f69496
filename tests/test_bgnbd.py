"""The BG/NBD kernel (``nichescout.bgnbd``) against three references written without it.

* ``lifetimes`` (0.11.3, the reference implementation of Fader, Hardie & Lee's formulas):
  per-member log-likelihood, ``p_alive``, the conditional expectation and the fitted optimum
  (same objective: mean negative log-likelihood + c × Σ params²), on populations Hypothesis
  generates — drawn directly, or simulated from a BG/NBD process;
* numerical integration over λ ~ Γ(r, α) and p ~ Beta(a, b) (``scipy.integrate``) of the
  model's definition: the likelihood of one member and the expected active days ahead;
* Fader et al.'s published CDNOW estimates (2005, table 1 and section 5).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from scipy import integrate
from scipy.special import betaln, gammaln, hyp2f1

from nichescout.bgnbd import BGNBDParams, expected_days, fit, log_likelihood, p_alive
from nichescout.exceptions import ParameterError

with warnings.catch_warnings():
    # lifetimes 0.11.3 sets pandas' mode.chained_assignment on import, an option pandas 3
    # deprecates (Pandas4Warning, a DeprecationWarning); nothing else it does warns here
    warnings.filterwarnings(
        "ignore",
        message=r"The 'mode\.chained_assignment' option is deprecated",
        category=DeprecationWarning,
    )
    from lifetimes import BetaGeoFitter
    from lifetimes.datasets import load_cdnow_summary

CDNOW = BGNBDParams(r=0.243, alpha=4.414, a=0.793, b=2.426)  # Fader et al.'s table 1


def reference(params: BGNBDParams) -> BetaGeoFitter:
    """A lifetimes model holding ``params`` (it reads them from ``params_``, a Series)."""
    fitter = BetaGeoFitter()
    fitter.params_ = pd.Series({"r": params.r, "alpha": params.alpha, "a": params.a, "b": params.b})
    return fitter


def reference_log_likelihood(params: BGNBDParams, x: int, t_x: float, T: float) -> float:
    """lifetimes' log-likelihood of one member: its objective on a population of one."""
    logs = np.log(np.array(params.as_tuple()))
    one = np.ones(1)
    return -float(
        BetaGeoFitter._negative_log_likelihood(
            logs, np.array([x]), np.array([t_x]), np.array([T]), one, 0.0
        )
    )


def objective(params: BGNBDParams, x: np.ndarray, t_x: np.ndarray, T: np.ndarray,
              w: np.ndarray, penalty: float) -> float:  # fmt: skip
    """The objective both fits minimise, written from the docstrings."""
    ll = log_likelihood(params, x, t_x, T)
    return -float(np.dot(w, ll)) / float(w.sum()) + penalty * sum(v**2 for v in params.as_tuple())


# -- what Hypothesis draws ----------------------------------------------------------------


def population_params(
    r: tuple[float, float] = (0.05, 5.0),
    alpha: tuple[float, float] = (0.1, 50.0),
    a: tuple[float, float] = (0.1, 5.0),
    b: tuple[float, float] = (0.1, 10.0),
) -> st.SearchStrategy[BGNBDParams]:
    # a = 1 is a removable singularity of the closed form ((a + b + x - 1) / (a - 1) × a
    # bracket that vanishes with it), and so is a + b = 1 for x = 0 (₂F₁'s c = 0 against the
    # factor a + b − 1): both implementations lose digits next to them
    return st.builds(
        BGNBDParams,
        st.floats(*r),
        st.floats(*alpha),
        st.floats(*a).filter(lambda v: abs(v - 1.0) > 0.05),
        st.floats(*b),
    ).filter(lambda p: abs(p.a + p.b - 1.0) > 0.01)


@st.composite
def members(
    draw: st.DrawFn, *, max_x: int = 40, max_T: float = 200.0, size: tuple[int, int] = (1, 12)
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x, t_x, T) with 0 <= t_x <= T, t_x = 0 where x = 0; whole days or not."""
    rows = []
    for _ in range(draw(st.integers(*size))):
        whole = draw(st.booleans())
        T = float(draw(st.integers(1, int(max_T)))) if whole else draw(st.floats(0.01, max_T))
        x = draw(st.integers(0, max_x))
        if x == 0:
            t_x = 0.0
        elif whole:
            t_x = float(draw(st.integers(0, int(T))))
        else:
            t_x = draw(st.floats(0.0, 1.0)) * T
        rows.append((x, t_x, T))
    x, t_x, T = (np.array(col, dtype=np.float64) for col in zip(*rows, strict=True))
    return x, t_x, T


def simulate(
    params: BGNBDParams, n: int, seed: int, horizon: float = 52.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Members of a BG/NBD process: λ ~ Γ(r, α), p ~ Beta(a, b); from the first active day
    (time 0) active days arrive at rate λ, each followed by leaving with probability p;
    observed until T, uniform on [horizon / 4, horizon]."""
    rng = np.random.default_rng(seed)
    lam = rng.gamma(params.r, 1.0 / params.alpha, n)
    p = rng.beta(params.a, params.b, n)
    T = rng.uniform(horizon / 4, horizon, n).round(2)
    x, t_x = np.zeros(n), np.zeros(n)
    for i in range(n):
        now = 0.0
        while True:
            now += rng.exponential(1.0 / lam[i]) if lam[i] > 0 else math.inf
            if now > T[i]:
                break
            x[i] += 1
            t_x[i] = round(now, 2)
            if rng.random() < p[i]:
                break
    return x, np.minimum(t_x, T), T


def grouped(
    x: np.ndarray, t_x: np.ndarray, T: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    frame = pd.DataFrame({"x": x, "t_x": t_x, "T": T})
    counts = frame.groupby(["x", "t_x", "T"], sort=True).size().reset_index(name="n")
    return (
        counts["x"].to_numpy(float),
        counts["t_x"].to_numpy(float),
        counts["T"].to_numpy(float),
        counts["n"].to_numpy(float),
    )


# -- against lifetimes --------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(params=population_params(), data=members(), t=st.floats(0.0, 500.0))
@example(
    params=CDNOW, data=(np.array([2.0, 0.0]), np.array([30.43, 0.0]), np.array([38.86] * 2)), t=39.0
)
@example(params=BGNBDParams(0.5, 2.0, 0.6, 0.7), data=(np.zeros(3), np.zeros(3), np.array([0.01, 5.0, 200.0])), t=30.0)  # fmt: skip
def test_expected_days_and_p_alive_match_lifetimes(
    params: BGNBDParams, data: tuple[np.ndarray, np.ndarray, np.ndarray], t: float
) -> None:
    x, t_x, T = data
    model = reference(params)
    with np.errstate(all="ignore"):  # lifetimes' own: log of a negative ₂F₁, a / 0 at b = 1
        want = model.conditional_expected_number_of_purchases_up_to_time(t, x, t_x, T)
        alive = model.conditional_probability_alive(x, t_x, T)
    got = expected_days(params, t, x, t_x, T)
    finite = np.isfinite(want)  # lifetimes' hyp2f1 may fail where ours takes Euler's form
    np.testing.assert_allclose(got[finite], want[finite], rtol=1e-7, atol=1e-10)
    assert np.all(np.isfinite(got)) and np.all(got >= -1e-12)
    np.testing.assert_allclose(p_alive(params, x, t_x, T), alive, rtol=1e-10)


@settings(max_examples=40, deadline=None)
@given(params=population_params(), data=members())
def test_log_likelihood_matches_lifetimes(
    params: BGNBDParams, data: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> None:
    x, t_x, T = data
    got = log_likelihood(params, x, t_x, T)
    want = [
        reference_log_likelihood(params, int(v), s, u) for v, s, u in zip(x, t_x, T, strict=True)
    ]
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-10)


#: Populations whose maximum-likelihood optimum is well inside the parameter space.
IDENTIFIABLE = population_params(r=(0.2, 2.0), alpha=(1.0, 10.0), a=(0.4, 3.0), b=(1.0, 6.0))


@pytest.mark.filterwarnings(
    # lifetimes' standard errors take a square root of its Hessian's inverse's diagonal
    "ignore:invalid value encountered in sqrt:RuntimeWarning"
)
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    params=IDENTIFIABLE,
    seed=st.integers(0, 2**32 - 1),
    penalty=st.sampled_from([0.0, 0.0, 0.001, 0.05]),
)
def test_fit_reaches_lifetimes_optimum(params: BGNBDParams, seed: int, penalty: float) -> None:
    """Both fits minimise mean −log L + c Σ params² (lifetimes in time scaled by 1 / max T,
    so with a penalty the data are put on that scale first: then the two objectives are the
    same function). The optima must agree in value to what converged optimisers reach, and
    in parameters loosely (a flat optimum leaves them less determined than the value)."""
    x, t_x, T = simulate(params, 1500, seed)
    if penalty:
        t_x, T = t_x / T.max(), T / T.max()
    gx, gt, gT, w = grouped(x, t_x, T)
    ours = fit(gx, gt, gT, penalty=penalty, weights=w)
    model = BetaGeoFitter(penalizer_coef=penalty).fit(gx, gt, gT, weights=w)
    theirs = BGNBDParams(*(float(model.params_[k]) for k in ("r", "alpha", "a", "b")))
    mine, ref = objective(ours, gx, gt, gT, w, penalty), objective(theirs, gx, gt, gT, w, penalty)
    assert mine <= ref + 1e-9 * abs(ref), (ours, theirs, mine, ref)
    assert ref <= mine + 1e-8 * abs(mine), (ours, theirs, mine, ref)
    np.testing.assert_allclose(ours.as_tuple(), theirs.as_tuple(), rtol=1e-4)


def test_fit_on_a_small_population_is_quiet() -> None:
    """Three members (x = 0, 1, 1): the optimum lies towards b → 0, where log(b + x − 1) at
    x = 1 is log 0; the fit stays finite, silently (pytest turns warnings into errors)."""
    params = fit([0, 1, 1], [0.0, 8.0, 12.0], [14.375, 11.375, 14.375], penalty=0.02)
    assert all(np.isfinite(params.as_tuple()))


def test_fit_counts_weights_as_repeated_members() -> None:
    x, t_x, T = simulate(BGNBDParams(0.8, 4.0, 0.9, 2.5), 600, 7)
    gx, gt, gT, w = grouped(x, t_x, T)
    assert len(gx) < len(x)
    a, b = fit(gx, gt, gT, weights=w), fit(x, t_x, T)
    assert objective(a, x, t_x, T, np.ones_like(x), 0.0) == pytest.approx(
        objective(b, x, t_x, T, np.ones_like(x), 0.0), rel=1e-8
    )
    assert fit(gx, gt, gT, weights=w) == a  # deterministic
    # members are put in one canonical form first: grouped or not, the very same optimum
    assert a == b


@settings(max_examples=10, deadline=None)
@given(params=IDENTIFIABLE, seed=st.integers(0, 2**32 - 1), size=st.sampled_from([25, 200]))
def test_fit_ignores_the_last_bits_and_the_order_of_its_input(
    params: BGNBDParams, seed: int, size: int
) -> None:
    """t_x and T that differ in their last bits (as when one caller computes them in SQL and
    another in Python), in another order: the same parameters, bit for bit."""
    x, t_x, T = simulate(params, size, seed)
    order = np.random.default_rng(seed).permutation(size)
    later_T = np.nextafter(T, np.inf)
    later_t = np.minimum(np.nextafter(t_x, np.inf), later_T)
    assert not np.array_equal(later_t, t_x)
    for penalty in (0.0, 0.001):
        assert fit(x, t_x, T, penalty=penalty) == fit(
            x[order], later_t[order], later_T[order], penalty=penalty
        )


@settings(max_examples=15, deadline=None)
@given(
    params=IDENTIFIABLE,
    seed=st.integers(0, 2**32 - 1),
    at=st.tuples(*[st.floats(-2.0, 2.0)] * 4),
    penalty=st.sampled_from([0.0, 0.001, 0.05]),
)
def test_fit_gradient_matches_central_differences(
    params: BGNBDParams, seed: int, at: tuple[float, ...], penalty: float
) -> None:
    """The fit's objective (mean −log L + c Σ θ², in ln θ) against :func:`objective` above,
    and its gradient in closed form against central differences of that objective."""
    from nichescout.bgnbd import _Members, _objective

    x, t_x, T = simulate(params, 300, seed)
    gx, gt, gT, w = grouped(x, t_x, T)
    members, share = _Members(gx, gt, gT), w / w.sum()
    logs = np.array(at)
    value, grad = _objective(logs, members, share, penalty)

    def f(z: np.ndarray) -> float:
        return objective(BGNBDParams(*np.exp(z)), gx, gt, gT, w, penalty)

    assert value == pytest.approx(f(logs), rel=1e-12, abs=1e-12)
    step = 1e-6
    numeric = [(f(logs + step * e) - f(logs - step * e)) / (2 * step) for e in np.eye(4)]
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-7)


# -- against numerical integration over λ and p ------------------------------------------


def _over_lambda(h, r: float, scale: float) -> float:  # type: ignore[no-untyped-def]
    """∫₀^∞ h(λ) λ^(r−1) dλ for smooth h: λ^(r−1) as quad's algebraic weight up to
    ``scale`` (singular at 0 when r < 1), the tail beyond it plainly."""
    opts = {"epsabs": 0.0, "epsrel": 1e-11, "limit": 200}
    near, _ = integrate.quad(h, 0.0, scale, weight="alg", wvar=(r - 1, 0), **opts)
    far, _ = integrate.quad(lambda lam: h(lam) * lam ** (r - 1), scale, math.inf, **opts)
    return float(near + far)


def _over_p(h, a: float, b: float, split: float) -> float:  # type: ignore[no-untyped-def]
    """∫₀¹ h(p) p^(a−1) (1−p)^(b−1) dp for smooth h: the Beta kernel as quad's algebraic
    weight at each end, split where h (steep near 0 when x is large) has fallen."""
    opts = {"epsabs": 0.0, "epsrel": 1e-11, "limit": 200}
    low, _ = integrate.quad(
        lambda p: h(p) * (1 - p) ** (b - 1), 0.0, split, weight="alg", wvar=(a - 1, 0), **opts
    )
    high, _ = integrate.quad(
        lambda p: h(p) * p ** (a - 1), split, 1.0, weight="alg", wvar=(0, b - 1), **opts
    )
    return float(low + high)


def integrated(params: BGNBDParams, x: int, t_x: float, T: float, t: float) -> tuple[float, float]:
    """(log-likelihood, E[Y(t) | x, t_x, T]) from the model's definition: a member with rate λ
    and dropout p has likelihood (1−p)^x λ^x e^(−λT) + [x>0] p (1−p)^(x−1) λ^x e^(−λ t_x);
    alive at T, they expect (1 − e^(−λpt)) / p active days in (T, T + t]; both averaged over
    λ ~ Γ(r, α) and p ~ Beta(a, b), the expectation weighted by the posterior. The integrands
    are divided by e^K, the peak of λ^(r+x) e^(−λ(α+t_x)), so that thousands of active days
    neither overflow nor underflow."""
    r, alpha, a, b = params.as_tuple()
    peak = (r + x) / (alpha + t_x)  # where the λ integrands have most of their mass
    K = (r + x) * (math.log(peak) - 1)

    def rate(lam: float, until: float) -> float:  # λ^x e^(−λ(α + until)) / e^K
        if lam == 0:
            return math.exp(-K) if x == 0 else 0.0
        return math.exp(x * math.log(lam) - lam * (alpha + until) - K)

    def alive(lam: float, p: float) -> float:
        return (1 - p) ** x * rate(lam, T)

    def gone(lam: float, p: float) -> float:
        return p * (1 - p) ** (x - 1) * rate(lam, t_x) if x > 0 else 0.0

    def ahead(lam: float, p: float) -> float:
        return -math.expm1(-lam * p * t) / p if p > 0 else lam * t

    def double(h) -> float:  # type: ignore[no-untyped-def]
        split = min(0.5, 30.0 / (x + 1))
        return _over_p(lambda p: _over_lambda(lambda lam: h(lam, p), r, peak), a, b, split)

    norm = r * math.log(alpha) - gammaln(r) - betaln(a, b)  # Γ(r, α) and Beta(a, b) constants
    likelihood = double(lambda lam, p: alive(lam, p) + gone(lam, p))
    expected = double(lambda lam, p: alive(lam, p) * ahead(lam, p)) / likelihood
    return math.log(likelihood) + K + norm, expected


@settings(max_examples=12, deadline=None)
@given(
    params=population_params(r=(0.3, 3.0), alpha=(0.5, 20.0), a=(0.3, 4.0), b=(0.3, 6.0)),
    data=members(max_x=5, max_T=60.0, size=(1, 2)),
    t=st.floats(0.5, 60.0),
)
@example(params=CDNOW, data=(np.array([2.0, 0.0]), np.array([30.43, 0.0]), np.array([38.86] * 2)), t=39.0)  # fmt: skip
@example(params=BGNBDParams(0.8, 2.0, 0.4, 0.3), data=(np.array([0.0, 1.0]), np.array([0.0, 3.0]), np.array([10.0] * 2)), t=10.0)  # fmt: skip
# a = r: C − A − B of ₂F₁ is exactly −1, where SciPy's hyp2f1 returns +inf near z = 1
@example(params=BGNBDParams(2.0, 0.1, 2.0, 2.00001), data=(np.array([0.0, 3.0]), np.array([0.0, 0.005]), np.array([0.01] * 2)), t=54.0)  # fmt: skip
def test_log_likelihood_and_expected_days_match_integration(
    params: BGNBDParams, data: tuple[np.ndarray, np.ndarray, np.ndarray], t: float
) -> None:
    x, t_x, T = data
    got_ll = log_likelihood(params, x, t_x, T)
    got_e = expected_days(params, t, x, t_x, T)
    for k in range(len(x)):
        ll, e = integrated(params, int(x[k]), float(t_x[k]), float(T[k]), t)
        assert got_ll[k] == pytest.approx(ll, rel=1e-8, abs=1e-8), k
        assert got_e[k] == pytest.approx(e, rel=1e-7, abs=1e-10), k


# -- Fader, Hardie & Lee's CDNOW estimates ------------------------------------------------


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    return load_cdnow_summary(index_col=[0])  # 2,357 customers, 39 weeks


def test_cdnow_fit_matches_published_estimates(cdnow: pd.DataFrame) -> None:
    """Table 1: r = 0.243, α = 4.414, a = 0.793, b = 2.426, log-likelihood −9,582.4; and
    section 5: a customer with x = 2, t_x = 30.43, T = 38.86 expects 1.226 transactions in
    the next 39 weeks."""
    x, t_x, T = (cdnow[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    params = fit(x, t_x, T)
    for got, want in zip(params.as_tuple(), CDNOW.as_tuple(), strict=True):
        assert got == pytest.approx(want, abs=6e-4)
    assert float(log_likelihood(params, x, t_x, T).sum()) == pytest.approx(-9582.4, abs=0.05)
    e = expected_days(params, 39.0, [2], [30.43], [38.86])
    assert float(e[0]) == pytest.approx(1.226, abs=5e-4)


# -- edge cases ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "x,t_x,T",
    [
        ([1, 2], [1.0], [2.0, 3.0]),  # shapes differ
        ([1], [3.0], [2.0]),  # t_x > T
        ([-1], [0.0], [2.0]),  # x < 0
        ([1], [-0.5], [2.0]),  # t_x < 0
    ],
)
def test_invalid_members_raise(x: list[float], t_x: list[float], T: list[float]) -> None:
    with pytest.raises(ParameterError):
        log_likelihood(CDNOW, x, t_x, T)
    with pytest.raises(ParameterError):
        p_alive(CDNOW, x, t_x, T)
    with pytest.raises(ParameterError):
        expected_days(CDNOW, 10.0, x, t_x, T)
    with pytest.raises(ParameterError):
        fit(x, t_x, T)


def test_invalid_horizon_and_empty_fit_raise() -> None:
    with pytest.raises(ParameterError):
        expected_days(CDNOW, -1.0, [1], [1.0], [2.0])
    with pytest.raises(ParameterError):
        expected_days(CDNOW, math.nan, [1], [1.0], [2.0])
    with pytest.raises(ParameterError):
        fit([], [], [])
    with pytest.raises(ParameterError):
        fit([1], [1.0], [2.0], weights=[0.0])


def test_zero_horizon_and_no_members() -> None:
    assert expected_days(CDNOW, 0.0, [0, 3], [0.0, 2.0], [5.0, 5.0]).tolist() == [0.0, 0.0]
    assert expected_days(CDNOW, 5.0, [], [], []).shape == (0,)
    assert p_alive(CDNOW, [], [], []).shape == (0,)


def test_members_active_once_are_alive_and_expect_the_prior_rate() -> None:
    """x = 0: nothing says they left (p_alive 1, whatever b), and their expectation is the
    formula with x = 0: (a+b−1)/(a−1) [1 − ((α+T)/(α+T+t))^r ₂F₁(r, b; a+b−1; t/(α+T+t))]."""
    for params in (CDNOW, BGNBDParams(0.5, 2.0, 0.6, 0.7), BGNBDParams(2.0, 1.0, 3.0, 1.0)):
        r, alpha, a, b = params.as_tuple()
        T = np.array([0.5, 10.0, 100.0])
        zeros = np.zeros(3)
        assert p_alive(params, zeros, zeros, T).tolist() == [1.0, 1.0, 1.0]
        z = 20.0 / (alpha + T + 20.0)
        want = (
            (a + b - 1)
            / (a - 1)
            * (1 - ((alpha + T) / (alpha + T + 20.0)) ** r * hyp2f1(r, b, a + b - 1, z))
        )
        np.testing.assert_allclose(expected_days(params, 20.0, zeros, zeros, T), want, rtol=1e-10)


def test_members_active_once_when_a_plus_b_is_below_one() -> None:
    """x = 0 and a + b < 1: c = a + b − 1 < 0 and ₂F₁(r, b; c; z) is negative (its series is
    fine: (c)ₙ is never 0), so the expectation cannot be taken through log ₂F₁. It is still
    the finite, positive closed form, and the integral."""
    params, T, t = BGNBDParams(1.0, 1.0, 0.375, 0.5), 1.0, 1.0
    r, alpha, a, b = params.as_tuple()
    z = t / (alpha + T + t)
    assert hyp2f1(r, b, a + b - 1, z) < 0
    closed = (
        (a + b - 1)
        / (a - 1)
        * (1 - ((alpha + T) / (alpha + T + t)) ** r * hyp2f1(r, b, a + b - 1, z))
    )
    _, integral = integrated(params, 0, 0.0, T, t)
    assert closed == pytest.approx(integral, rel=1e-9)  # 0.4208…
    got = expected_days(params, t, [0, 0], [0.0, 0.0], [T, T])
    np.testing.assert_allclose(got, [closed, closed], rtol=1e-9)


@pytest.mark.parametrize("x,t_x", [(3000, 4000.0), (3000, 3996.0), (3000, 3600.0), (20000, 3996.0)])
def test_huge_x_takes_eulers_form_and_matches_lifetimes_and_the_integral(
    x: int, t_x: float
) -> None:
    """A member active on thousands of days: ₂F₁(r+x, b+x; a+b+x−1; z) overflows, and both
    implementations switch to (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z)."""
    params, T, t = CDNOW, 4000.0, 40000.0
    z = t / (params.alpha + T + t)
    assert math.isinf(hyp2f1(params.r + x, params.b + x, params.a + params.b + x - 1, z))
    xs, ts, Ts = np.array([float(x)]), np.array([t_x]), np.array([T])
    got = expected_days(params, t, xs, ts, Ts)
    want = reference(params).conditional_expected_number_of_purchases_up_to_time(t, xs, ts, Ts)
    ll, integral = integrated(params, x, t_x, T, t)
    assert np.isfinite(want[0]) and np.isfinite(got[0])
    assert got[0] == pytest.approx(want[0], rel=1e-7)
    assert got[0] == pytest.approx(integral, rel=1e-6)
    assert log_likelihood(params, xs, ts, Ts)[0] == pytest.approx(ll, rel=1e-9)
    assert p_alive(params, xs, ts, Ts)[0] == pytest.approx(
        reference(params).conditional_probability_alive(xs, ts, Ts)[0], rel=1e-9
    )


def test_long_silent_member_gives_zero_without_overflow() -> None:
    """Active daily for 920 days of a 2,500-day window, silent since: the odds of having left,
    ((α+T)/(α+t_x))^(r+x) ≈ e^917, exceed a float; p_alive and the expectation are 0 (the
    integral's too), quietly (pytest turns warnings into errors)."""
    params, x, t_x, T, t = CDNOW, 920, 920.0, 2500.0, 1250.0
    _, integral = integrated(params, x, t_x, T, t)
    assert integral == pytest.approx(0.0, abs=1e-300)
    assert p_alive(params, [x], [t_x], [T])[0] == pytest.approx(0.0, abs=1e-300)
    assert expected_days(params, t, [x], [t_x], [T])[0] == pytest.approx(0.0, abs=1e-300)
