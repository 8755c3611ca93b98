//! Safety-buffer math: how many units to hold back from the online store.
//!
//! The online store can be stale for the *exposure window*: sync interval
//! plus propagation latency. Counter demand during that window is modelled
//! as D ~ Poisson(λ) with λ = velocity × exposure. A buffer of b units keeps
//! the published count safe unless more than b units sell before the next
//! sync, so P(oversell) = P(D > b).

mod poisson;
mod policy;

pub use policy::{published_quantity, BufferPolicy};

use crate::error::{Error, Result};
use poisson::{approx_normal_quantile, pmf, tails};

/// The largest expected demand per window accepted (λ); far beyond any real store.
pub const MAX_EXPECTED_DEMAND: f64 = 1e8;

fn check_rate(field: &str, value: f64) -> Result<()> {
    if !value.is_finite() || value < 0.0 {
        return Err(Error::invalid_argument(
            field,
            value,
            "must be a finite number ≥ 0",
        ));
    }
    Ok(())
}

fn check_service_level(service_level: f64) -> Result<()> {
    if !(service_level > 0.0 && service_level < 1.0) {
        return Err(Error::invalid_argument(
            "service_level",
            service_level,
            "must be strictly between 0 and 1",
        ));
    }
    Ok(())
}

/// λ = velocity × exposure, validated.
fn expected_demand(velocity_per_hour: f64, exposure_hours: f64) -> Result<f64> {
    check_rate("velocity_per_hour", velocity_per_hour)?;
    check_rate("exposure_hours", exposure_hours)?;
    let lambda = velocity_per_hour * exposure_hours;
    if lambda > MAX_EXPECTED_DEMAND {
        return Err(Error::invalid_argument(
            "velocity_per_hour × exposure_hours",
            lambda,
            format!("expected demand per window must be at most {MAX_EXPECTED_DEMAND:e}"),
        ));
    }
    Ok(lambda)
}

/// The smallest buffer b with P(D ≤ b) ≥ `service_level`.
///
/// `velocity_per_hour` is the sell-through rate, `exposure_hours` the sync
/// interval plus latency. Zero velocity needs no buffer. Starts from a
/// Cornish–Fisher guess, evaluates the exact CDF there once, then steps by
/// the pmf recurrence, so a call costs one O(√λ) tail sum.
///
/// ```
/// // The guide's promotion burst: 24/h under a 15-minute batch, λ = 6.
/// assert_eq!(seamline::recommend_buffer(24.0, 0.25, 0.95).unwrap(), 10);
/// ```
pub fn recommend_buffer(
    velocity_per_hour: f64,
    exposure_hours: f64,
    service_level: f64,
) -> Result<u64> {
    let lambda = expected_demand(velocity_per_hour, exposure_hours)?;
    check_service_level(service_level)?;
    if lambda == 0.0 {
        return Ok(0);
    }
    let z = approx_normal_quantile(service_level);
    let guess = lambda + z * lambda.sqrt() + (z * z - 1.0) / 6.0;
    let mut b = guess.floor().max(0.0) as u64;
    let t = tails(b, lambda);
    let (mut cdf, mut p_b) = (t.cdf, t.pmf);
    while cdf < service_level {
        b += 1;
        p_b *= lambda / b as f64;
        cdf += p_b;
    }
    while b > 0 && cdf - p_b >= service_level {
        cdf -= p_b;
        p_b *= b as f64 / lambda;
        b -= 1;
    }
    Ok(b)
}

/// P(D > `buffer`): the chance that the window's demand outruns the buffer.
///
/// ```
/// // A fixed buffer of 3 during the promotion burst oversells 85% of the time.
/// let p = seamline::oversell_probability(3, 24.0, 0.25).unwrap();
/// assert!((p - 0.848_796_1).abs() < 1e-6);
/// ```
pub fn oversell_probability(
    buffer: u64,
    velocity_per_hour: f64,
    exposure_hours: f64,
) -> Result<f64> {
    let lambda = expected_demand(velocity_per_hour, exposure_hours)?;
    Ok(tails(buffer, lambda).sf)
}

/// The longest exposure (sync interval + latency, in hours) for which
/// `buffer` still meets `service_level` at `velocity_per_hour`.
///
/// Answers "how often must I sync?". Zero velocity never runs a buffer out,
/// so the answer is `f64::INFINITY`. Solves P(D ≤ b; λ) = service level for
/// λ by safeguarded Newton steps (dP/dλ = −pmf(b; λ)), then divides by velocity.
pub fn max_exposure(buffer: u64, velocity_per_hour: f64, service_level: f64) -> Result<f64> {
    check_rate("velocity_per_hour", velocity_per_hour)?;
    check_service_level(service_level)?;
    if velocity_per_hour == 0.0 {
        return Ok(f64::INFINITY);
    }
    let lambda = solve_lambda(buffer, service_level);
    Ok(lambda / velocity_per_hour)
}

/// The λ at which P(D ≤ b; λ) equals `level` (decreasing in λ, so unique).
fn solve_lambda(b: u64, level: f64) -> f64 {
    let g = |lambda: f64| tails(b, lambda).cdf - level;
    // Bracket: g(0) = 1 − level > 0; grow the upper end until g < 0.
    let z = approx_normal_quantile(level);
    let root = (-z + (z * z + 4.0 * (b as f64 + 0.5)).sqrt()) / 2.0;
    let mut lambda = (root * root).max(1e-9);
    let (mut lo, mut hi) = (0.0f64, lambda.max(1.0));
    while g(hi) > 0.0 {
        lo = hi;
        hi *= 2.0;
    }
    for _ in 0..200 {
        let value = g(lambda);
        if value > 0.0 {
            lo = lo.max(lambda);
        } else {
            hi = hi.min(lambda);
        }
        let slope = pmf(b, lambda);
        let mut next = if slope > 0.0 {
            lambda + value / slope
        } else {
            f64::NAN
        };
        if !(next > lo && next < hi) {
            next = 0.5 * (lo + hi);
        }
        if (next - lambda).abs() <= 1e-14 * lambda.max(1e-300) || hi - lo <= 1e-15 * hi {
            return next;
        }
        lambda = next;
    }
    lambda
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use proptest::prelude::*;

    #[test]
    fn guide_promotion_burst() {
        // 4 units in 10 minutes = 24/h, 15-minute batch: λ = 6.
        assert_eq!(recommend_buffer(24.0, 0.25, 0.95).unwrap(), 10);
        let cdf10 = 1.0 - oversell_probability(10, 24.0, 0.25).unwrap();
        assert!((cdf10 - 0.957_379_076_3).abs() < 1e-9, "{cdf10}");
        let p3 = oversell_probability(3, 24.0, 0.25).unwrap();
        assert!((p3 - 0.848_796_117_2).abs() < 1e-9, "{p3}");
    }

    #[test]
    fn guide_slow_mover() {
        // 36/day = 1.5/h, 15-minute batch: λ = 0.375, the guide's "one or two units".
        assert_eq!(recommend_buffer(1.5, 0.25, 0.95).unwrap(), 2);
    }

    #[test]
    fn zero_velocity_needs_no_buffer() {
        assert_eq!(recommend_buffer(0.0, 0.25, 0.95).unwrap(), 0);
        assert_eq!(oversell_probability(0, 0.0, 1.0).unwrap(), 0.0);
        assert_eq!(max_exposure(0, 0.0, 0.95).unwrap(), f64::INFINITY);
    }

    #[test]
    fn invalid_inputs_are_rejected() {
        let bad = [
            recommend_buffer(-1.0, 0.25, 0.95),
            recommend_buffer(f64::NAN, 0.25, 0.95),
            recommend_buffer(1.0, f64::INFINITY, 0.95),
            recommend_buffer(1.0, 0.25, 0.0),
            recommend_buffer(1.0, 0.25, 1.0),
            recommend_buffer(1.0, 0.25, f64::NAN),
            recommend_buffer(1e9, 1.0, 0.95),
        ];
        for r in bad {
            assert_eq!(r.unwrap_err().code(), ErrorCode::InvalidArgument);
        }
        assert!(oversell_probability(1, -0.5, 1.0).is_err());
        assert!(max_exposure(1, 1.0, 1.5).is_err());
        let err = recommend_buffer(1.0, 0.25, 1.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid service_level: must be strictly between 0 and 1 (got 1)"
        );
    }

    #[test]
    fn max_exposure_inverts_the_buffer() {
        // Buffer 10 at 24/h, 95%: the window may grow a bit beyond 15 minutes.
        let hours = max_exposure(10, 24.0, 0.95).unwrap();
        assert!(hours > 0.25 && hours < 0.3, "{hours}");
        let p = oversell_probability(10, 24.0, hours).unwrap();
        assert!((p - 0.05).abs() < 1e-12, "{p}");
        // Buffer 0: e^{−λ} = s, so λ = −ln s.
        let zero = max_exposure(0, 2.0, 0.9).unwrap();
        assert!((zero - (-(0.9f64).ln() / 2.0)).abs() < 1e-14);
    }

    #[test]
    fn large_lambda_stays_finite_and_consistent() {
        let b = recommend_buffer(1e6, 1.0, 0.95).unwrap();
        // λ + 1.645√λ ≈ 1,001,645.
        assert!((1_001_640..1_001_650).contains(&b), "{b}");
        let above = oversell_probability(b, 1e6, 1.0).unwrap();
        let below = oversell_probability(b - 1, 1e6, 1.0).unwrap();
        assert!(above <= 0.05 && below > 0.05);
    }

    proptest! {
        #[test]
        fn recommendation_is_the_smallest_meeting_the_level(
            velocity in 0.0f64..2000.0,
            exposure in 0.0f64..2.0,
            level in 0.01f64..0.9999,
        ) {
            let b = recommend_buffer(velocity, exposure, level).unwrap();
            let lambda = velocity * exposure;
            prop_assert!(1.0 - oversell_probability(b, velocity, exposure).unwrap() >= level - 1e-12);
            if b > 0 {
                prop_assert!(tails(b - 1, lambda).cdf < level + 1e-12);
            }
        }

        #[test]
        fn oversell_risk_falls_as_buffer_grows(velocity in 0.1f64..500.0, exposure in 0.01f64..2.0, b in 0u64..1000) {
            let here = oversell_probability(b, velocity, exposure).unwrap();
            let next = oversell_probability(b + 1, velocity, exposure).unwrap();
            prop_assert!((0.0..=1.0).contains(&here));
            prop_assert!(next <= here);
        }

        #[test]
        fn max_exposure_round_trips(b in 0u64..500, velocity in 0.1f64..100.0, level in 0.5f64..0.999) {
            let hours = max_exposure(b, velocity, level).unwrap();
            prop_assert!(hours.is_finite() && hours > 0.0);
            let cdf = 1.0 - oversell_probability(b, velocity, hours).unwrap();
            prop_assert!((cdf - level).abs() < 1e-9);
        }
    }
}
