import pytest

from sevr.world import Peak, synthetic_terrain


@pytest.fixture(scope="session")
def small_terrain():
    """12 km x 12 km at 100 m: a valley between two hills, IPP at the origin."""
    return synthetic_terrain(west_m=-6000, east_m=6000, south_m=-6000, north_m=6000, cell_m=100,
                             base_elevation_m=600, peaks=[Peak(2500, 2000, 1600, 2000), Peak(-3000, -1500, 1400, 1800)],
                             noise_amplitude_m=20, noise_seed=5, sand_max_slope_deg=6, rock_min_slope_deg=30,
                             rock_min_relief_m=800)
