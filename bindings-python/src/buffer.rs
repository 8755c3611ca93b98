//! Buffer math: `recommend_buffer`, `oversell_probability`, `max_exposure`,
//! `published_quantity` and `BufferPolicy`.

use crate::convert;
use crate::error::IntoPy;
use pyo3::prelude::*;
use seamline::BufferPolicy;

/// How many units to hold back from a channel.
#[pyclass(name = "BufferPolicy", module = "seamline", frozen, eq)]
#[derive(Clone, PartialEq)]
pub struct PyBufferPolicy(pub BufferPolicy);

#[seamline_guard::guard]
#[pymethods]
impl PyBufferPolicy {
    /// Always hold back `units`.
    #[staticmethod]
    fn fixed(units: &Bound<'_, PyAny>) -> PyResult<Self> {
        let units = convert::count(units, "units").py()?;
        Ok(PyBufferPolicy(BufferPolicy::Fixed { units }))
    }

    /// Hold back `percent` % of available stock, rounded up, clamped to [min_units, max_units].
    #[staticmethod]
    #[pyo3(signature = (percent, min_units = None, max_units = None))]
    fn percent(
        percent: &Bound<'_, PyAny>,
        min_units: Option<&Bound<'_, PyAny>>,
        max_units: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let policy = BufferPolicy::Percent {
            percent: convert::decimal(percent, "percent").py()?,
            min_units: min_units
                .map(|m| convert::count(m, "min_units"))
                .transpose()
                .py()?
                .unwrap_or(0),
            max_units: max_units
                .map(|m| convert::count(m, "max_units"))
                .transpose()
                .py()?,
        };
        policy.validate().py()?;
        Ok(PyBufferPolicy(policy))
    }

    /// Hold back what velocity over the exposure window needs at the service level.
    #[staticmethod]
    #[pyo3(signature = (velocity_per_hour, exposure_hours, service_level))]
    fn velocity(
        velocity_per_hour: &Bound<'_, PyAny>,
        exposure_hours: &Bound<'_, PyAny>,
        service_level: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let policy = BufferPolicy::Velocity {
            velocity_per_hour: convert::real(velocity_per_hour, "velocity_per_hour").py()?,
            exposure_hours: convert::real(exposure_hours, "exposure_hours").py()?,
            service_level: convert::real(service_level, "service_level").py()?,
        };
        policy.validate().py()?;
        Ok(PyBufferPolicy(policy))
    }

    /// `"fixed"`, `"percent"` or `"velocity"`.
    #[getter]
    fn kind(&self) -> &'static str {
        match self.0 {
            BufferPolicy::Fixed { .. } => "fixed",
            BufferPolicy::Percent { .. } => "percent",
            BufferPolicy::Velocity { .. } => "velocity",
        }
    }

    /// The buffer in units for a location with `available` units.
    fn buffer_units(&self, available: &Bound<'_, PyAny>) -> PyResult<u64> {
        let available = convert::integer(available, "available").py()?;
        self.0.buffer_units(available).py()
    }

    fn __repr__(&self) -> String {
        match &self.0 {
            BufferPolicy::Fixed { units } => format!("BufferPolicy.fixed({units})"),
            BufferPolicy::Percent { percent, min_units, max_units } => {
                let max = max_units.map_or("None".to_string(), |m| m.to_string());
                format!("BufferPolicy.percent(Decimal('{percent}'), min_units={min_units}, max_units={max})")
            }
            BufferPolicy::Velocity { velocity_per_hour, exposure_hours, service_level } => format!(
                "BufferPolicy.velocity(velocity_per_hour={velocity_per_hour:?}, exposure_hours={exposure_hours:?}, service_level={service_level:?})"
            ),
        }
    }
}

/// The smallest buffer b with P(demand ≤ b) ≥ service_level.
#[seamline_guard::guard]
#[pyfunction]
#[pyo3(signature = (velocity_per_hour, exposure_hours, service_level))]
pub fn recommend_buffer(
    velocity_per_hour: &Bound<'_, PyAny>,
    exposure_hours: &Bound<'_, PyAny>,
    service_level: &Bound<'_, PyAny>,
) -> PyResult<u64> {
    seamline::recommend_buffer(
        convert::real(velocity_per_hour, "velocity_per_hour").py()?,
        convert::real(exposure_hours, "exposure_hours").py()?,
        convert::real(service_level, "service_level").py()?,
    )
    .py()
}

/// P(demand over the exposure window > buffer).
#[seamline_guard::guard]
#[pyfunction]
#[pyo3(signature = (buffer, velocity_per_hour, exposure_hours))]
pub fn oversell_probability(
    buffer: &Bound<'_, PyAny>,
    velocity_per_hour: &Bound<'_, PyAny>,
    exposure_hours: &Bound<'_, PyAny>,
) -> PyResult<f64> {
    seamline::oversell_probability(
        convert::count(buffer, "buffer").py()?,
        convert::real(velocity_per_hour, "velocity_per_hour").py()?,
        convert::real(exposure_hours, "exposure_hours").py()?,
    )
    .py()
}

/// The longest exposure window, in hours, for which `buffer` meets the service level.
#[seamline_guard::guard]
#[pyfunction]
#[pyo3(signature = (buffer, velocity_per_hour, service_level))]
pub fn max_exposure(
    buffer: &Bound<'_, PyAny>,
    velocity_per_hour: &Bound<'_, PyAny>,
    service_level: &Bound<'_, PyAny>,
) -> PyResult<f64> {
    seamline::max_exposure(
        convert::count(buffer, "buffer").py()?,
        convert::real(velocity_per_hour, "velocity_per_hour").py()?,
        convert::real(service_level, "service_level").py()?,
    )
    .py()
}

/// max(0, on_hand − reserved − buffer).
#[seamline_guard::guard]
#[pyfunction]
#[pyo3(signature = (on_hand, reserved, policy))]
pub fn published_quantity(
    on_hand: &Bound<'_, PyAny>,
    reserved: &Bound<'_, PyAny>,
    policy: &PyBufferPolicy,
) -> PyResult<u64> {
    seamline::published_quantity(
        convert::integer(on_hand, "on_hand").py()?,
        convert::integer(reserved, "reserved").py()?,
        &policy.0,
    )
    .py()
}
