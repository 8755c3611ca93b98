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
use poisson::{approx_normal_quantile, ln_add, ln_pmf, ln_tails, meets};

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
/// Cornish–Fisher guess: one exact tail in log space there, then steps that
/// only ever add a term; should the guess be on the wrong side, it gallops
/// and bisects on exact tails. The answer meets its
/// definition for every finite input — a subnormal level, a level of
/// 1 − 2⁻⁵³, a subnormal λ — and a call costs one to a few O(√λ) sums.
///
/// ```
/// // The guide's promotion burst: 24/h under a 15-minute batch, λ = 6.
/// assert_eq!(seamline::recommend_buffer(24.0, 0.25, 0.95).unwrap(), 10);
/// ```
#[allow(
    clippy::arithmetic_side_effects,
    reason = "bisection between two u64 bounds with low <= high: the midpoint and its neighbours stay inside them"
)]
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
    let ok = |b: u64| meets(b, lambda, service_level);
    let z = approx_normal_quantile(service_level);
    // λ ≤ 1e8 and |z| < 40, so the guess is a finite number well inside u64.
    let guess = (lambda + z * lambda.sqrt() + (z * z - 1.0) / 6.0).max(0.0);
    if let Some(b) = step_from_guess(guess, lambda, service_level) {
        return Ok(b);
    }
    let guess = guess as u64;
    // Invariant of the bisection below: `fails` does not meet the level
    // (None: below zero), `holds` does.
    let (mut fails, mut holds) = if ok(guess) {
        let mut holds = guess;
        let mut step = 1u64;
        loop {
            let Some(next) = holds.checked_sub(step) else {
                break (None, holds);
            };
            if !ok(next) {
                break (Some(next), holds);
            }
            holds = next;
            step = step.saturating_mul(2);
        }
    } else {
        let mut fails = guess;
        let mut step = 1u64;
        // Terminates: P(D > b) reaches any level's complement (≥ 2⁻⁵³)
        // within some hundred √λ of λ, far inside u64.
        loop {
            let next = fails.saturating_add(step);
            if ok(next) {
                break (Some(fails), next);
            }
            fails = next;
            step = step.saturating_mul(2);
        }
    };
    loop {
        let low = fails.map_or(0, |f| f + 1);
        if low >= holds {
            return Ok(holds);
        }
        let mid = low + (holds - low) / 2;
        if ok(mid) {
            holds = mid;
        } else {
            fails = Some(mid);
        }
    }
}

/// The common path of [`recommend_buffer`]: one exact tail at a start just
/// on the far side of the guess, then steps toward the answer in the
/// direction where the tested tail only grows by adding a term — P(D > b−1)
/// = P(D > b) + pmf(b) for a level above ½, P(D ≤ b+1) = P(D ≤ b) +
/// pmf(b+1) below it — so no step subtracts and loses accuracy. None when
/// the start was on the wrong side or the steps run long (then the caller
/// gallops and bisects on exact tails).
#[allow(
    clippy::arithmetic_side_effects,
    reason = "unit steps between 0 and a start below 2^27 (λ ≤ 1e8, |z| < 40), at most MAX_STEPS of them"
)]
fn step_from_guess(guess: f64, lambda: f64, level: f64) -> Option<u64> {
    const MAX_STEPS: u32 = 64;
    if level >= 0.5 {
        let target = (1.0 - level).ln();
        let mut b = guess.ceil() as u64 + 1;
        let mut sf = ln_tails(b, lambda).sf;
        if sf > target {
            return None;
        }
        let mut p = ln_pmf(b as f64, lambda);
        for _ in 0..MAX_STEPS {
            if b == 0 {
                return Some(0);
            }
            let below = ln_add(sf, p);
            if below > target {
                return Some(b);
            }
            sf = below;
            // pmf(b−1) = pmf(b)·b/λ: one logarithm; directly where that is not finite.
            let next = p + (b as f64 / lambda).ln();
            b -= 1;
            p = if next.is_finite() {
                next
            } else {
                ln_pmf(b as f64, lambda)
            };
        }
        None
    } else {
        let target = level.ln();
        let mut b = (guess.floor() - 1.0).max(0.0) as u64;
        let mut cdf = ln_tails(b, lambda).cdf;
        if cdf >= target {
            return (b == 0).then_some(0);
        }
        let mut p = ln_pmf(b as f64, lambda);
        for _ in 0..MAX_STEPS {
            b += 1;
            // pmf(b+1) = pmf(b)·λ/(b+1): one logarithm; directly where that is not finite.
            let next = p + (lambda / b as f64).ln();
            p = if next.is_finite() {
                next
            } else {
                ln_pmf(b as f64, lambda)
            };
            cdf = ln_add(cdf, p);
            if cdf >= target {
                return Some(b);
            }
        }
        None
    }
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
    Ok(ln_tails(buffer, lambda).sf.exp())
}

/// The longest exposure (sync interval + latency, in hours) for which
/// `buffer` still meets `service_level` at `velocity_per_hour`.
///
/// Answers "how often must I sync?". Zero velocity never runs a buffer out,
/// so the answer is `f64::INFINITY`. The expected demand it allows is the
/// largest double λ with P(D ≤ b; λ) ≥ level, found by bisecting the bit
/// patterns of doubles (at most 64 exact tail evaluations, whatever the
/// buffer), then divided by velocity. A buffer so large that the window's
/// expected demand would pass [`MAX_EXPECTED_DEMAND`] is `INVALID_ARGUMENT`.
#[allow(
    clippy::arithmetic_side_effects,
    reason = "bisection between two u64 bounds with low <= high: the midpoint and its neighbours stay inside them"
)]
pub fn max_exposure(buffer: u64, velocity_per_hour: f64, service_level: f64) -> Result<f64> {
    check_rate("velocity_per_hour", velocity_per_hour)?;
    check_service_level(service_level)?;
    if velocity_per_hour == 0.0 {
        return Ok(f64::INFINITY);
    }
    let ok = |lambda: f64| meets(buffer, lambda, service_level);
    if ok(MAX_EXPECTED_DEMAND) {
        return Err(Error::invalid_argument(
            "buffer",
            buffer,
            format!(
                "meets the level even at {MAX_EXPECTED_DEMAND:e} expected units per window, \
                 the most this model accepts"
            ),
        ));
    }
    // Positive doubles order like their bit patterns; λ = 0 always meets.
    let (mut holds, mut fails) = (0.0f64.to_bits(), MAX_EXPECTED_DEMAND.to_bits());
    while fails - holds > 1 {
        let mid = holds + (fails - holds) / 2;
        if ok(f64::from_bits(mid)) {
            holds = mid;
        } else {
            fails = mid;
        }
    }
    Ok(f64::from_bits(holds) / velocity_per_hour)
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

    /// The smallest b with P(D ≤ b) ≥ s, from mpmath at 40 digits
    /// (bindings-python/tests/test_buffer_reference.py recomputes them).
    #[test]
    fn extremes_match_mpmath() {
        let top = 1.0 - 2f64.powi(-53);
        for (lambda, level, expected) in [
            (1000.0, 1e-300, 93),
            (1000.0, 5e-324, 71),
            (1e5, 5e-324, 88_085),
            (1e8, 5e-324, 99_615_572),
            (5e-324, 0.9999, 0),
            (5e-324, 5e-324, 0),
            (0.375, top, 13),
            (6.0, top, 35),
            (1e6, top, 1_008_221),
            (1e8, 0.95, 100_016_449),
        ] {
            assert_eq!(
                recommend_buffer(lambda, 1.0, level).unwrap(),
                expected,
                "λ={lambda} s={level}"
            );
        }
    }

    #[test]
    fn max_exposure_is_bounded_and_exact_at_the_extremes() {
        // A buffer far beyond the model's range is refused at once, not summed for minutes.
        let err = max_exposure(100_000_000_000_000_000, 24.0, 0.95).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
        assert_eq!(
            max_exposure(u64::MAX, 1.0, 0.5).unwrap_err().code(),
            ErrorCode::InvalidArgument
        );
        // At the returned window the buffer meets the level; one double later it does not.
        for (b, level) in [
            (10u64, 1.0 - 2f64.powi(-53)),
            (10, 5e-324),
            (0, 0.95),
            (99_000_000, 0.95),
        ] {
            let lambda = max_exposure(b, 1.0, level).unwrap();
            assert!(meets(b, lambda, level), "b={b} s={level}");
            assert!(
                !meets(b, f64::from_bits(lambda.to_bits() + 1), level),
                "b={b} s={level}"
            );
        }
        assert_eq!(oversell_probability(u64::MAX, 1e8, 1.0).unwrap(), 0.0);
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
                prop_assert!(ln_tails(b - 1, lambda).cdf.exp() < level + 1e-12);
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
