//! Poisson tail probabilities, accurate and stable for λ from 0 to 1e8.
//!
//! Method: the probability mass at one point is computed in log space with
//! Loader's saddle-point form (`stirling_error` + `bd0`), which has no
//! cancellation even for λ = 1e6; the tail on the short side is then summed
//! outward from that point with the ratio recurrence pmf(k±1)/pmf(k). Terms
//! fall off like a Gaussian, so a call costs O(√λ), never O(λ), and both
//! tails come out with full relative accuracy on the side that was summed.

use std::f64::consts::PI;

/// Both tails of D ~ Poisson(λ) at k.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tails {
    /// P(D ≤ k).
    pub cdf: f64,
    /// P(D > k).
    pub sf: f64,
    /// P(D = k), for stepping to neighbouring k.
    pub pmf: f64,
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

/// P(D = k) for D ~ Poisson(λ), λ > 0.
pub(crate) fn pmf(k: u64, lambda: f64) -> f64 {
    if k == 0 {
        return (-lambda).exp();
    }
    let kf = k as f64;
    (-stirling_error(kf) - bd0(kf, lambda)).exp() / (2.0 * PI * kf).sqrt()
}

/// Relative size below which a further term cannot change a sum of doubles.
const NEGLIGIBLE: f64 = 1e-17;

/// Both tails at k for λ ≥ 0.
pub(crate) fn tails(k: u64, lambda: f64) -> Tails {
    if lambda == 0.0 {
        return Tails {
            cdf: 1.0,
            sf: 0.0,
            pmf: if k == 0 { 1.0 } else { 0.0 },
        };
    }
    let p_k = pmf(k, lambda);
    let kf = k as f64;
    if kf + 1.0 > lambda {
        // k is above the bulk: sum the upper tail P(D > k) = Σ_{n>k} pmf(n).
        let mut term = p_k * lambda / (kf + 1.0);
        let mut sum = 0.0;
        let mut n = kf + 2.0;
        while term > sum * NEGLIGIBLE {
            sum += term;
            term *= lambda / n;
            n += 1.0;
        }
        Tails {
            cdf: 1.0 - sum,
            sf: sum,
            pmf: p_k,
        }
    } else {
        // k is below the bulk: sum the lower tail P(D ≤ k) = Σ_{n≤k} pmf(n).
        let mut term = p_k;
        let mut sum = 0.0;
        let mut n = kf;
        while term > sum * NEGLIGIBLE && n >= 0.0 {
            sum += term;
            term *= n / lambda;
            n -= 1.0;
        }
        Tails {
            cdf: sum,
            sf: 1.0 - sum,
            pmf: p_k,
        }
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
                let t = tails(k, lambda);
                let reference = naive_cdf(k, lambda);
                assert!(
                    (t.cdf - reference).abs() < 1e-12,
                    "k={k} λ={lambda}: {} vs {reference}",
                    t.cdf
                );
                assert!((t.cdf + t.sf - 1.0).abs() < 1e-15);
            }
        }
    }

    #[test]
    fn large_lambda_is_stable() {
        let lambda = 1e6;
        let t = tails(1_000_000, lambda);
        // The median of Poisson(1e6) is at λ; P(D ≤ λ) ≈ ½ + 0.4/√λ·(2/3)… ≈ 0.50026596.
        assert!((t.cdf - 0.500_265_96).abs() < 1e-6, "{}", t.cdf);
        let far = tails(2_000_000, lambda);
        assert_eq!(far.sf, 0.0);
        assert!(far.cdf == 1.0);
        let low = tails(900_000, lambda);
        assert!(low.cdf >= 0.0 && low.cdf < 1e-300);
    }

    #[test]
    fn branches_agree_across_the_switch_point() {
        for &lambda in &[10.5, 1000.0, 123_456.7] {
            let centre = lambda as u64;
            for k in centre - 3..centre + 3 {
                let here = tails(k, lambda);
                let next = tails(k + 1, lambda);
                let stepped = here.cdf + pmf(k + 1, lambda);
                assert!((stepped - next.cdf).abs() < 1e-13, "k={k} λ={lambda}");
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
