//! Poisson tail probabilities, accurate and stable for λ from 0 to 1e8.
//!
//! Method: the probability mass at one point is computed in log space with
//! Loader's saddle-point form (`stirling_error` + `bd0`), which has no
//! cancellation even for λ = 1e6; the tail on the short side is then summed
//! outward from that point with the ratio recurrence pmf(k±1)/pmf(k), as a
//! sum of ratios relative to that point. Terms fall off like a Gaussian, so a
//! call costs O(√λ), never O(λ). Everything stays in log space until the
//! end: a tail of 1e-400 is a finite logarithm, not a zero, so comparisons at
//! a subnormal service level or a level of 1 − 2⁻⁵³ still decide correctly.

use std::f64::consts::PI;

/// Both tails of D ~ Poisson(λ) at k, as natural logarithms.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LnTails {
    /// ln P(D ≤ k).
    pub cdf: f64,
    /// ln P(D > k).
    pub sf: f64,
}

/// ln(k!) − (k ln k − k + ½ ln 2πk): the Stirling-series error term.
fn stirling_error(k: f64) -> f64 {
    if k < 16.0 {
        // Exact for small k: the factorial fits a double exactly up to 22!.
        let mut fact = 1.0f64;
        let mut i = 2.0;
        while i <= k {
            fact *= i;
            i += 1.0;
        }
        return fact.ln() - (k * k.ln() - k + 0.5 * (2.0 * PI * k).ln());
    }
    let k2 = k * k;
    // 1/12k − 1/360k³ + 1/1260k⁵ − 1/1680k⁷ + 1/1188k⁹; the next term is below 1e-16 for k ≥ 16.
    (1.0 / 12.0
        - (1.0 / 360.0 - (1.0 / 1260.0 - (1.0 / 1680.0 - 1.0 / (1188.0 * k2)) / k2) / k2) / k2)
        / k
}

/// k ln(k/λ) + λ − k, computed without cancellation when k ≈ λ.
fn bd0(k: f64, lambda: f64) -> f64 {
    let u = (k - lambda) / lambda;
    if u.abs() < 0.1 {
        // (1+u)ln(1+u) − u = Σ_{n≥2} (−u)^n / (n(n−1)), alternating, fast for |u| < 0.1.
        let mut sum = 0.0;
        let mut power = u * u;
        let mut n = 2.0;
        loop {
            let term = power / (n * (n - 1.0));
            let next = sum + term;
            if next == sum {
                break;
            }
            sum = next;
            power *= -u;
            n += 1.0;
        }
        lambda * sum
    } else {
        k * (k / lambda).ln() + lambda - k
    }
}

/// ln P(D = k) for D ~ Poisson(λ), λ > 0; `k` a whole number ≥ 0 (as a
/// double, so k + 1 never overflows). −∞ where the mass is zero in any
/// precision (λ so small that k / λ overflows).
pub(crate) fn ln_pmf(k: f64, lambda: f64) -> f64 {
    if k == 0.0 {
        return -lambda;
    }
    -stirling_error(k) - bd0(k, lambda) - 0.5 * (2.0 * PI * k).ln()
}

/// P(D = k) for D ~ Poisson(λ), λ > 0.
#[cfg(test)]
fn pmf(k: u64, lambda: f64) -> f64 {
    ln_pmf(k as f64, lambda).exp()
}

/// Relative size below which a further term cannot change a sum of doubles.
const NEGLIGIBLE: f64 = 1e-17;

/// Σ_{n ≥ first} pmf(n) / pmf(first), for first > λ: every ratio λ/n is below
/// one, so the terms fall and the sum is at least 1. Stops when a term can no
/// longer change the sum; terms at least halve once n ≥ 2λ, so the loop ends
/// even where n + 1 no longer changes a double (n above 2⁵³).
fn upper_ratio_sum(first: f64, lambda: f64) -> f64 {
    let mut term = 1.0;
    let mut sum = 0.0;
    let mut n = first + 1.0;
    while term > sum * NEGLIGIBLE {
        sum += term;
        term *= lambda / n;
        n += 1.0;
    }
    sum
}

/// Σ_{n ≤ k} pmf(n) / pmf(k), for k < λ: every ratio n/λ is below one.
fn lower_ratio_sum(k: f64, lambda: f64) -> f64 {
    let mut term = 1.0;
    let mut sum = 0.0;
    let mut n = k;
    while term > sum * NEGLIGIBLE && n >= 0.0 {
        sum += term;
        term *= n / lambda;
        n -= 1.0;
    }
    sum
}

/// Both tails at k for λ ≥ 0, in log space. The short side is summed; the
/// long side (at least about one half) is its complement, so neither loses
/// relative accuracy.
pub(crate) fn ln_tails(k: u64, lambda: f64) -> LnTails {
    if lambda == 0.0 {
        return LnTails {
            cdf: 0.0,
            sf: f64::NEG_INFINITY,
        };
    }
    let kf = k as f64;
    if kf + 1.0 > lambda {
        // k is above the bulk: P(D > k) = pmf(k+1) · Σ ratios.
        let first = kf + 1.0;
        let sf = ln_pmf(first, lambda) + upper_ratio_sum(first, lambda).ln();
        LnTails {
            cdf: (-sf.exp()).ln_1p(),
            sf,
        }
    } else {
        // k is below the bulk: P(D ≤ k) = pmf(k) · Σ ratios.
        let cdf = ln_pmf(kf, lambda) + lower_ratio_sum(kf, lambda).ln();
        LnTails {
            cdf,
            sf: (-cdf.exp()).ln_1p(),
        }
    }
}

/// ln(eᵃ + eᵇ), exact to rounding for any two logarithms (−∞ is a zero).
pub(crate) fn ln_add(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
    if lo == f64::NEG_INFINITY {
        return hi;
    }
    hi + (lo - hi).exp().ln_1p()
}

/// Whether a buffer of `k` units meets `level`: P(D ≤ k) ≥ level, decided on
/// the side where the numbers are small (P(D > k) ≤ 1 − level when the level
/// is above one half, where 1 − level is exact), so it holds for a level of
/// 5e-324 and of 1 − 2⁻⁵³ alike.
pub(crate) fn meets(k: u64, lambda: f64, level: f64) -> bool {
    let tails = ln_tails(k, lambda);
    if level >= 0.5 {
        tails.sf <= (1.0 - level).ln()
    } else {
        tails.cdf >= level.ln()
    }
}

/// Φ⁻¹(p) to about 4.5e-4 (Abramowitz & Stegun 26.2.23): only a starting guess.
pub(crate) fn approx_normal_quantile(p: f64) -> f64 {
    let (q, sign) = if p < 0.5 { (p, -1.0) } else { (1.0 - p, 1.0) };
    let t = (-2.0 * q.ln()).sqrt();
    let z = t
        - (2.515517 + 0.802853 * t + 0.010328 * t * t)
            / (1.0 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
    sign * z
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Direct summation, fine for small λ: the reference the fast path must match.
    fn naive_cdf(k: u64, lambda: f64) -> f64 {
        let mut term = (-lambda).exp();
        let mut sum = term;
        for n in 1..=k {
            term *= lambda / n as f64;
            sum += term;
        }
        sum
    }

    #[test]
    fn pmf_matches_direct_formula() {
        for &lambda in &[0.375f64, 1.0, 6.0, 24.5, 100.0] {
            let mut direct = (-lambda).exp();
            for k in 0..200u64 {
                if k > 0 {
                    direct *= lambda / k as f64;
                }
                let fast = pmf(k, lambda);
                assert!(
                    (fast - direct).abs() <= 1e-12 * direct,
                    "k={k} λ={lambda}: {fast:e} vs {direct:e}"
                );
            }
        }
    }

    #[test]
    fn tails_match_naive_sum_and_are_complementary() {
        for &lambda in &[0.01, 0.375, 6.0, 30.0, 99.5, 250.0] {
            for k in 0..400u64 {
                let t = ln_tails(k, lambda);
                let reference = naive_cdf(k, lambda);
                assert!(
                    (t.cdf.exp() - reference).abs() < 1e-12,
                    "k={k} λ={lambda}: {} vs {reference}",
                    t.cdf.exp()
                );
                assert!((t.cdf.exp() + t.sf.exp() - 1.0).abs() < 1e-15);
            }
        }
    }

    #[test]
    fn large_lambda_is_stable() {
        let lambda = 1e6;
        let t = ln_tails(1_000_000, lambda);
        // The median of Poisson(1e6) is at λ; P(D ≤ λ) ≈ ½ + 0.4/√λ·(2/3)… ≈ 0.50026596.
        assert!((t.cdf.exp() - 0.500_265_96).abs() < 1e-6, "{}", t.cdf);
        // Far tails underflow a double but keep a finite logarithm: about
        // −λ(2 ln 2 − 1) = −386,294 above, −λ(0.9 ln 0.9 + 0.1) = −5,176 below.
        let far = ln_tails(2_000_000, lambda);
        assert!((far.sf + 386_294.4).abs() < 10.0, "{}", far.sf);
        assert_eq!(far.cdf, 0.0);
        let low = ln_tails(900_000, lambda);
        assert!((low.cdf + 5_176.0).abs() < 10.0, "{}", low.cdf);
    }

    #[test]
    fn branches_agree_across_the_switch_point() {
        for &lambda in &[10.5, 1000.0, 123_456.7] {
            let centre = lambda as u64;
            for k in centre - 3..centre + 3 {
                let here = ln_tails(k, lambda).cdf.exp();
                let next = ln_tails(k + 1, lambda).cdf.exp();
                let stepped = here + pmf(k + 1, lambda);
                assert!((stepped - next).abs() < 1e-13, "k={k} λ={lambda}");
            }
        }
    }

    #[test]
    fn normal_quantile_guess_is_close() {
        for (p, z) in [
            (0.5, 0.0),
            (0.95, 1.644_853_6),
            (0.05, -1.644_853_6),
            (0.999, 3.090_232),
        ] {
            assert!((approx_normal_quantile(p) - z).abs() < 5e-4, "{p}");
        }
    }
}
