//! Buffer math for JS: numbers in, numbers out; policies as tagged objects.

use crate::convert;
use crate::error::{IntoJs, Result};
use napi::bindgen_prelude::Unknown;
use napi_derive::napi;
use seamline::{BufferPolicy, Error};

/// Reads `{ kind: 'fixed' | 'percent' | 'velocity', ... }` into a core policy.
pub fn policy(value: &Unknown<'_>) -> Result<BufferPolicy> {
    let obj = convert::object(value, "policy")?;
    let field = |key: &str| convert::property(&obj, key, &format!("policy.{key}"));
    let kind = convert::string(&field("kind")?, "policy.kind")?;
    let policy = match kind.as_str() {
        "fixed" => BufferPolicy::Fixed {
            units: convert::count(&field("units")?, "policy.units")?,
        },
        "percent" => {
            let optional = |key: &str| -> Result<Option<u64>> {
                let v = field(key)?;
                match v.get_type() {
                    Ok(napi::ValueType::Undefined) | Ok(napi::ValueType::Null) => Ok(None),
                    _ => convert::count(&v, &format!("policy.{key}")).map(Some),
                }
            };
            BufferPolicy::Percent {
                percent: convert::decimal(&field("percent")?, "policy.percent")?,
                min_units: optional("minUnits")?.unwrap_or(0),
                max_units: optional("maxUnits")?,
            }
        }
        "velocity" => BufferPolicy::Velocity {
            velocity_per_hour: convert::real(&field("velocityPerHour")?, "policy.velocityPerHour")?,
            exposure_hours: convert::real(&field("exposureHours")?, "policy.exposureHours")?,
            service_level: convert::real(&field("serviceLevel")?, "policy.serviceLevel")?,
        },
        other => {
            return Err(Error::invalid_argument(
                "policy.kind",
                format!("{other:?}"),
                "expected 'fixed', 'percent' or 'velocity'",
            ))
            .js()
        }
    };
    policy.validate().js()?;
    Ok(policy)
}

/// A unit count as a JS number, refusing values a number cannot hold exactly.
fn units(n: u64) -> Result<i64> {
    if n > (1u64 << 53) - 1 {
        return Err(Error::overflow("result exceeds Number.MAX_SAFE_INTEGER")).js();
    }
    Ok(n as i64)
}

/// The smallest buffer b with P(demand ≤ b) ≥ serviceLevel.
#[seamline_guard::guard]
#[napi(ts_args_type = "velocityPerHour: number, exposureHours: number, serviceLevel: number")]
pub fn recommend_buffer(
    velocity_per_hour: Unknown,
    exposure_hours: Unknown,
    service_level: Unknown,
) -> Result<i64> {
    units(
        seamline::recommend_buffer(
            convert::real(&velocity_per_hour, "velocity_per_hour")?,
            convert::real(&exposure_hours, "exposure_hours")?,
            convert::real(&service_level, "service_level")?,
        )
        .js()?,
    )
}

/// P(demand over the exposure window > buffer).
#[seamline_guard::guard]
#[napi(ts_args_type = "buffer: number | bigint, velocityPerHour: number, exposureHours: number")]
pub fn oversell_probability(
    buffer: Unknown,
    velocity_per_hour: Unknown,
    exposure_hours: Unknown,
) -> Result<f64> {
    seamline::oversell_probability(
        convert::count(&buffer, "buffer")?,
        convert::real(&velocity_per_hour, "velocity_per_hour")?,
        convert::real(&exposure_hours, "exposure_hours")?,
    )
    .js()
}

/// The longest exposure window, in hours, for which `buffer` meets the
/// service level; `Infinity` at zero velocity.
#[seamline_guard::guard]
#[napi(ts_args_type = "buffer: number | bigint, velocityPerHour: number, serviceLevel: number")]
pub fn max_exposure(
    buffer: Unknown,
    velocity_per_hour: Unknown,
    service_level: Unknown,
) -> Result<f64> {
    seamline::max_exposure(
        convert::count(&buffer, "buffer")?,
        convert::real(&velocity_per_hour, "velocity_per_hour")?,
        convert::real(&service_level, "service_level")?,
    )
    .js()
}

/// max(0, onHand − reserved − buffer).
#[seamline_guard::guard]
#[napi(
    ts_args_type = "onHand: number | bigint, reserved: number | bigint, policy: import('./policy').BufferPolicy"
)]
pub fn published_quantity(
    on_hand: Unknown,
    reserved: Unknown,
    policy_value: Unknown,
) -> Result<i64> {
    let policy = policy(&policy_value)?;
    units(
        seamline::published_quantity(
            convert::integer(&on_hand, "on_hand")?,
            convert::integer(&reserved, "reserved")?,
            &policy,
        )
        .js()?,
    )
}

/// The buffer in units a policy holds back from `available` units.
#[seamline_guard::guard]
#[napi(ts_args_type = "policy: import('./policy').BufferPolicy, available: number | bigint")]
pub fn buffer_units(policy_value: Unknown, available: Unknown) -> Result<i64> {
    let policy = policy(&policy_value)?;
    units(
        policy
            .buffer_units(convert::integer(&available, "available")?)
            .js()?,
    )
}
