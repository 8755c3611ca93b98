"""The main job: the safety-buffer table for the guide's worked examples.

Run by `bash scripts/demo.sh`, which builds and installs the package first.
"""

import seamline
from seamline import BufferPolicy

SERVICE_LEVEL = 0.95

# (scenario, units sold per hour, sync interval + latency in hours)
SCENARIOS = [
    ("promotion burst: 4 sold in 10 min, 15-min batch", 24.0, 0.25),
    ("steady seller: 36/day, 15-min batch", 1.5, 0.25),
    ("promotion burst, near-real-time sync (90 s)", 24.0, 0.025),
    ("fast mover: 200/day, hourly batch", 200 / 24, 1.0),
    ("slow mover: 2/day, nightly batch", 2 / 24, 24.0),
]


def main() -> None:
    print(f"Safety buffers at a {SERVICE_LEVEL:.0%} service level (demand ~ Poisson(velocity x exposure))\n")
    header = f"{'scenario':<50} {'λ':>7} {'buffer':>6} {'P(oversell)':>11} {'fixed 3':>8} {'max sync':>9}"
    print(header)
    print("-" * len(header))
    for name, velocity, exposure in SCENARIOS:
        buffer = seamline.recommend_buffer(
            velocity_per_hour=velocity, exposure_hours=exposure, service_level=SERVICE_LEVEL
        )
        risk = seamline.oversell_probability(buffer, velocity, exposure)
        fixed3 = seamline.oversell_probability(3, velocity, exposure)
        max_minutes = seamline.max_exposure(buffer, velocity, SERVICE_LEVEL) * 60
        print(
            f"{name:<50} {velocity * exposure:>7.3f} {buffer:>6} {risk:>11.2%} {fixed3:>8.1%} {max_minutes:>6.1f} min"
        )

    print("\nThe guide's 'publish 7 against 10' under the promotion burst:")
    fixed = seamline.published_quantity(on_hand=10, reserved=0, policy=BufferPolicy.fixed(3))
    velocity = seamline.published_quantity(
        on_hand=10,
        reserved=0,
        policy=BufferPolicy.velocity(velocity_per_hour=24, exposure_hours=0.25, service_level=SERVICE_LEVEL),
    )
    risk = seamline.oversell_probability(3, 24, 0.25)
    print(f"  a fixed buffer of 3 publishes {fixed}; P(more than 3 sell at the counter before the next sync) = {risk:.1%}")
    print(f"  after the burst's 4 counter sales, {10 - 4} remain while {fixed} are still published: not safe")
    print(f"  a {SERVICE_LEVEL:.0%} velocity buffer (10 units) publishes {velocity} until stock or sync catches up")


if __name__ == "__main__":
    main()
