"""The scenario schema: every section a pydantic model that rejects unknown keys.

A scenario file is TOML; its tables map one-to-one onto these models, so the dotted path of a
field (``evaders.tactics.reversals``) is the same in the file, in error messages and in sweeps.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from sevr.world.terrain import grid_shape

# Every number is finite (the Section config refuses NaN and infinity) and lies in a range wide
# enough for any real scenario and narrow enough that nothing downstream overflows, divides by
# almost zero or waits forever. The ranges are listed and explained in docs/limits.md.
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Latitude = Annotated[float, Field(ge=-90.0, le=90.0)]
Longitude = Annotated[float, Field(ge=-180.0, le=180.0)]
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
Seed = Annotated[int, Field(ge=0, le=2**32 - 1)]

MAX_EXTENT_M = 500_000.0  # terrain edges lie within 500 km of the frame's origin
MIN_ELEVATION_M, MAX_ELEVATION_M = -500.0, 9000.0  # below the Dead Sea shore .. above Everest
MAX_TERRAIN_CELLS = 4_000_000  # about 32 MB per float array; a run holds a few dozen
MAX_TERRAIN_AXIS_CELLS = 20_000
MIN_TERRAIN_AXIS_CELLS = 3  # slopes need a neighbour on each side
MAX_SCENARIO_SPAN = dt.timedelta(days=30)
MAX_PERIODS = 30  # operational periods of a search plan
MIN_YEAR, MAX_YEAR = 2, 9998  # a Julian date in year 1 is a Gregorian date in year 0; 9999 leaves no room

Metres = Annotated[float, Field(ge=0.0, le=100_000.0)]  # a distance on the map, up to 100 km
Minutes = Annotated[float, Field(ge=0.0, le=10_080.0)]  # a delay or duration, up to a week
Elevation = Annotated[float, Field(ge=MIN_ELEVATION_M, le=MAX_ELEVATION_M)]
EdgeM = Annotated[float, Field(ge=-MAX_EXTENT_M, le=MAX_EXTENT_M)]
HalfLifeH = Annotated[float, Field(ge=0.1, le=10_000.0)]  # six minutes .. over a year


def _short(limit: int):
    return Annotated[str, Field(max_length=limit)]


Name = _short(200)  # names of people and places, in either language
Text = _short(2000)  # descriptions, sources, paths


def _naive_in_range(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is not None:
        raise ValueError("a time-zone offset is not allowed here: give the local clock time "
                         "(e.g. 2024-10-05T18:30:00) and set time.utc_offset_min")
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"the year must be between {MIN_YEAR} and {MAX_YEAR} (got {value.year})")
    return value


LocalTime = Annotated[dt.datetime, AfterValidator(_naive_in_range)]


class Section(BaseModel):
    """Base of every table: typos are errors, types are strict, numbers finite, checked on assignment too.

    Strict: a boolean is not a number, a string is neither a number nor a boolean, a date is not
    a date-time. (An integer is still accepted where a decimal number is expected.)
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True, strict=True, allow_inf_nan=False)


ScenarioName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", max_length=60)]


class Meta(Section):
    name: ScenarioName  # the built-in file name without .toml, so `sevr run NAME` finds it
    kind: Literal["evasion", "lost_person"]
    title: str = Field(min_length=1, max_length=200)
    hijri_date: _short(60) = ""


class Time(Section):
    calendar: Literal["julian", "gregorian"] = "gregorian"
    start: LocalTime
    utc_offset_min: Annotated[float, Field(ge=-720, le=840)] = 0.0


class EvasionTime(Time):
    exit: LocalTime

    @model_validator(mode="after")
    def _exit_after_start(self) -> "EvasionTime":
        if self.exit < self.start:
            raise ValueError("exit must not be before start")
        if self.exit - self.start > MAX_SCENARIO_SPAN:
            raise ValueError(f"exit must be within {MAX_SCENARIO_SPAN.days} days of start")
        return self


class Frame(Section):
    origin_name: Name = "origin"
    origin_lat: Latitude
    origin_lon: Longitude


class Peak(Section):
    name: Name
    lat: Latitude
    lon: Longitude
    elevation_m: Elevation
    radius_m: Annotated[float, Field(ge=1.0, le=100_000.0)]
    label: bool = True


class Terrain(Section):
    # "synthetic", or a GeoTIFF path; a relative path is read from the scenario file's folder.
    source: Text = "synthetic"
    cell_m: Annotated[float, Field(ge=1.0, le=200.0)] = 10.0
    west_m: EdgeM
    east_m: EdgeM
    south_m: EdgeM
    north_m: EdgeM
    # Synthetic: the plain's level (unset: 0 m). GeoTIFF: the level the ground rule measures
    # relief from (unset: the 5th percentile of the resampled elevations).
    base_elevation_m: Elevation | None = None
    noise_amplitude_m: Annotated[float, Field(ge=0.0, le=2000.0)] = 10.0
    noise_seed: Seed = 0
    sand_max_slope_deg: Annotated[float, Field(ge=0, le=90)] = 6.0
    rock_min_slope_deg: Annotated[float, Field(ge=0, le=90)] = 22.0
    rock_min_relief_m: Annotated[float, Field(ge=0.0, le=10_000.0)] = 250.0
    peaks: list[Peak] = Field(default_factory=list, max_length=100)

    @model_validator(mode="after")
    def _extent(self) -> "Terrain":
        if self.east_m <= self.west_m:
            raise ValueError("east_m must be greater than west_m")
        if self.north_m <= self.south_m:
            raise ValueError("north_m must be greater than south_m")
        rows, cols = self.shape
        if min(rows, cols) < MIN_TERRAIN_AXIS_CELLS:
            raise ValueError(f"the terrain is {rows} x {cols} cells of {self.cell_m:g} m; each side needs at "
                             f"least {MIN_TERRAIN_AXIS_CELLS} cells")
        if max(rows, cols) > MAX_TERRAIN_AXIS_CELLS or rows * cols > MAX_TERRAIN_CELLS:
            raise ValueError(f"the terrain is {rows} x {cols} cells of {self.cell_m:g} m; at most "
                             f"{MAX_TERRAIN_AXIS_CELLS:,} per side and {MAX_TERRAIN_CELLS:,} in all "
                             "(use a larger cell_m or a smaller extent)")
        return self

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns) of the grid this terrain builds."""
        return grid_shape(self.west_m, self.east_m, self.south_m, self.north_m, self.cell_m)

    @property
    def grid_extent(self) -> tuple[float, float, float, float]:
        """(west, east, south, north) in metres of the grid actually built (whole cells)."""
        rows, cols = self.shape
        return (self.west_m, self.west_m + cols * self.cell_m, self.north_m - rows * self.cell_m, self.north_m)


class Place(Section):
    name_en: Name
    name_tr: Name
    lat: Latitude
    lon: Longitude


class Hideout(Place):
    interior_depth_m: Annotated[float, Field(ge=0.1, le=1000.0)] = 4.0
    interior_width_m: Annotated[float, Field(ge=0.1, le=1000.0)] = 2.5
    entrance_width_m: Annotated[float, Field(ge=0.1, le=1000.0)] = 1.0
    hiders_inside_m: Annotated[float, Field(ge=0.0, le=1000.0)] = 1.0
    apron_m: Annotated[float, Field(ge=0.0, le=1000.0)] = 14.0


class Places(Section):
    start: Place
    hideout: Hideout
    watched_house: Place | None = None  # where the decoy lies and the watchers wait (default: start)


class Light(Section):
    mode: Literal["as_narrated", "astronomical"] = "as_narrated"
    narrated_moon_phase: Probability = 1.0
    narrated_moon_alt_deg: Annotated[float, Field(ge=0, le=90)] = 60.0


class Member(Section):
    id: Identifier
    name_en: Name
    name_tr: Name


class Gait(Section):
    night_speed_factor: Annotated[float, Field(ge=0.05, le=1.5)] = 0.8
    tiptoe_speed_factor: Annotated[float, Field(ge=0.05, le=1.5)] = 0.75
    tiptoe_print_factor: Annotated[float, Field(ge=0, le=3)] = 0.45
    carry_speed_factor: Annotated[float, Field(ge=0.05, le=1.5)] = 0.5
    carry_print_factor: Annotated[float, Field(ge=0, le=3)] = 1.6


class Tactics(Section):
    back_window: bool = True
    decoy: bool = True
    tiptoe: bool = True
    reversals: bool = True
    reversal_count: Annotated[int, Field(ge=0, le=50)] = 7
    reversal_branch_m: Annotated[float, Field(ge=0, le=1000)] = 60.0
    sidestep_m: Annotated[float, Field(ge=0, le=200)] = 12.0
    wait_days: Annotated[int, Field(ge=1, le=30)] = 3
    layout_seed: Seed = 0  # where the reversals go: fixed, so every run walks one path


class Injury(Section):
    happens: bool = True
    distance_before_hideout_m: Metres = 450.0
    blood_trace_strength: Annotated[float, Field(ge=0, le=3)] = 0.6
    carrier: Identifier
    carried: Identifier


class Evaders(Section):
    members: list[Member] = Field(min_length=1, max_length=10)
    money_dirham: Annotated[float, Field(ge=0.0, le=1e9)] = 0
    decoy_person: Member | None = None  # who lies in the bed when tactics.decoy is on
    route_spacing_m: Annotated[float, Field(ge=1.0, le=50.0)] = 5.0
    gait: Gait = Field(default_factory=Gait)
    tactics: Tactics = Field(default_factory=Tactics)
    injury: Injury

    @model_validator(mode="after")
    def _ids(self) -> "Evaders":
        ids = [m.id for m in self.members]
        if len(set(ids)) != len(ids):
            raise ValueError("members: ids must be unique")
        for role in ("carrier", "carried"):
            if getattr(self.injury, role) not in ids:
                raise ValueError(f"injury.{role}: '{getattr(self.injury, role)}' is not a member id")
        return self


class GroundPrints(Section):
    retention: Annotated[float, Field(ge=0, le=3)]
    half_life_h: HalfLifeH


class Trail(Section):
    """How prints hold on each ground type and how fast they fade."""

    sand: GroundPrints = GroundPrints(retention=1.0, half_life_h=12.0)
    gravel: GroundPrints = GroundPrints(retention=0.6, half_life_h=24.0)
    rock: GroundPrints = GroundPrints(retention=0.25, half_life_h=48.0)
    blood_m: Metres = 15.0  # how far blood traces run before the carrying starts


class Watchers(Section):
    count: Annotated[int, Field(ge=0, le=100)] = 3
    p_see_front_exit: Probability = 0.9
    p_see_back_window: Probability = 0.03
    p_notice_empty_without_decoy: Probability = 0.5
    check_interval_min: Annotated[float, Field(ge=1.0, le=1440.0)] = 90.0
    discovery_sun_alt_deg: Annotated[float, Field(ge=-18, le=10)] = -12.0


class Tracker(Section):
    id: Identifier
    name_en: Name
    name_tr: Name
    hire_delay_min: Minutes = 75.0
    skill: Probability = 0.9
    speed_factor: Annotated[float, Field(ge=0.05, le=2)] = 0.85
    p_detect_max: Probability = 0.995
    detect_scale: Annotated[float, Field(ge=0.01, le=1e6)] = 8.0  # 1e6: every print in sight is seen
    lost_search_min: Annotated[float, Field(ge=0.1, le=1440.0)] = 6.0
    patience_min: Minutes = 240.0
    max_gap_prints: Annotated[int, Field(ge=1, le=1000)] = 6
    search_looks: Annotated[int, Field(ge=1, le=100)] = 8
    catch_window_min: Minutes = 5.0
    p_misled_by_branch: Probability = 0.55
    misled_loss_min: Minutes = 14.0


class Evidence(Section):
    base_prior_inside: Probability = 0.5
    p_trail_end_given_inside: Probability = 0.9
    p_trail_end_given_outside: Probability = 0.3
    p_intact_given_inside: Probability = 0.01
    p_intact_given_outside: Probability = 0.95


class Decision(Section):
    value_of_capture: Annotated[float, Field(ge=0.0, le=1e9)] = 100.0
    cost_of_entering: Annotated[float, Field(ge=0.0, le=1e9)] = 8.0


class Decay(Section):
    half_life_h: HalfLifeH = 16.0
    suspend_below: Probability = 0.12
    p_intercept_at_full_intensity: Probability = 0.5


class Pursuers(Section):
    party_size: Annotated[int, Field(ge=1, le=1000)] = 10
    leader_en: Name
    leader_tr: Name
    sight_into_hideout_m: Annotated[float, Field(ge=0.0, le=1000.0)] = 2.0
    voices_heard_m: Annotated[float, Field(ge=0.0, le=1000.0)] = 20.0   # distance from the hiders at which their voices carry in
    inspect_min: Minutes = 25.0
    evidence: Evidence = Field(default_factory=Evidence)
    decision: Decision = Field(default_factory=Decision)
    decay: Decay = Field(default_factory=Decay)


class Facts(Section):
    """What the story presents as given (some as divine): placed in the world, never sampled."""

    web_over_entrance: bool = True
    pigeon_nest: bool = True
    tree_at_entrance: bool = True
    snake_bite: bool = True
    healing: bool = True
    covered_before_pursuers_min: Minutes = 40.0
    prepare_min: Minutes = 20.0
    bite_after_min: Minutes = 50.0
    pain_stops_min: Minutes = 5.0


class Departure(Section):
    guides_en: list[Name] = Field(default_factory=list, max_length=10)
    guides_tr: list[Name] = Field(default_factory=list, max_length=10)
    camels: Annotated[int, Field(ge=0, le=100)] = 2
    clock: str = Field(default="21:30", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    destination_en: Name
    destination_tr: Name
    destination_lat: Latitude
    destination_lon: Longitude


# What the narrated run must show, checked on each attempt of the conditioned run (sim/narrated.py).
StoryCondition = Literal["exit_unseen", "decoy_holds_until_dawn", "not_caught_on_the_way",
                         "tracker_reaches_hideout", "pursuers_do_not_enter", "departure_safe"]


class Story(Section):
    """The narrated facts `sevr run` conditions on; none makes the run a what-if of the model."""

    conditions: list[StoryCondition] = Field(default_factory=list, max_length=6)
    max_attempts: Annotated[int, Field(ge=1, le=100_000)] = 2000


class Uncertainty(Section):
    """Spread of the quantities `sevr simulate` draws afresh for every episode.

    `sevr run` uses the central values set elsewhere in the scenario; an episode draws around them.
    """

    tracker_skill_sd: Annotated[float, Field(ge=0, le=0.5)] = 0.05   # Beta around tracker.skill
    misled_sd: Annotated[float, Field(ge=0, le=0.5)] = 0.15          # Beta around tracker.p_misled_by_branch
    fading_log_sd: Annotated[float, Field(ge=0, le=2)] = 0.3         # lognormal factor on every half-life
    hire_delay_sd_min: Annotated[float, Field(ge=0, le=600)] = 20.0  # normal around tracker.hire_delay_min


class EvasionScenario(Section):
    """A party slips away at night to a hideout, followed by a tracker (the Hijra and its what-ifs)."""

    meta: Meta
    time: EvasionTime
    frame: Frame
    terrain: Terrain
    places: Places
    light: Light = Field(default_factory=Light)
    evaders: Evaders
    trail: Trail = Field(default_factory=Trail)
    watchers: Watchers = Field(default_factory=Watchers)
    tracker: Tracker
    pursuers: Pursuers
    facts: Facts = Field(default_factory=Facts)
    departure: Departure
    story: Story = Field(default_factory=Story)
    uncertainty: Uncertainty = Field(default_factory=Uncertainty)

    @model_validator(mode="after")
    def _kind(self) -> "EvasionScenario":
        if self.meta.kind != "evasion":
            raise ValueError("meta.kind must be 'evasion' for this scenario shape")
        return self


# --- lost-person search planning (`sevr plan`) ------------------------------------------------
# A lost subject, an initial planning point (IPP), distance statistics, terrain weights, search
# segments and teams. The method and every default are explained in docs/planning.md.


class LatLon(Section):
    lat: Latitude
    lon: Longitude


class InitialPlanningPoint(Section):
    """Where the search is centred: the point last seen (PLS) or last known point (LKP)."""

    name: Name = "IPP"
    kind: Literal["point_last_seen", "last_known_point"] = "point_last_seen"
    lat: Latitude
    lon: Longitude


class Subject(Section):
    category: Name = "hiker"  # a category of sevr/planning/data/isrid_distances.toml, or any name with [distance] given
    terrain_type: Literal["mountainous", "flat"] = "mountainous"  # which row of the distance table
    climate: Literal["temperate", "dry"] = "temperate"
    description: Text = ""


DistanceKm = Annotated[float, Field(ge=0.01, le=1000.0)]


class DistanceStats(Section):
    """Distance from the IPP at which subjects of this category are found (km), by quantile."""

    source: Text = "Koester (2008), Lost Person Behavior: hiker, temperate climate, mountainous terrain"
    q25_km: DistanceKm
    q50_km: DistanceKm
    q75_km: DistanceKm
    q95_km: DistanceKm
    # ROW is at least this (e.g. the subject may have left by road); below 1, or the map holds nothing.
    rest_of_world_min: Annotated[float, Field(ge=0.0, le=0.99)] = 0.0

    @model_validator(mode="after")
    def _increasing(self) -> "DistanceStats":
        q = (self.q25_km, self.q50_km, self.q75_km, self.q95_km)
        if not all(a < b for a, b in zip(q, q[1:])):
            raise ValueError("quantiles must increase: q25_km < q50_km < q75_km < q95_km")
        return self


class TrailPath(Section):
    """A path or trail on the map, routed over the terrain through its waypoints."""

    name: Name
    waypoints: list[LatLon] = Field(min_length=2, max_length=50)


class SurfaceWeights(Section):
    """Multipliers of the distance-ring probability: steep ground repels, drainages and trails attract."""

    slope_free_deg: Annotated[float, Field(ge=0, le=90)] = 15.0
    slope_limit_deg: Annotated[float, Field(ge=0, le=90)] = 40.0
    steep_weight: Probability = 0.2
    drainage_min_area_km2: Annotated[float, Field(ge=0.01, le=10_000.0)] = 1.0
    drainage_weight: Annotated[float, Field(ge=0, le=20)] = 2.0
    drainage_reach_m: Annotated[float, Field(ge=1.0, le=10_000.0)] = 100.0
    trail_weight: Annotated[float, Field(ge=0, le=20)] = 2.5
    trail_reach_m: Annotated[float, Field(ge=1.0, le=10_000.0)] = 60.0
    trails: list[TrailPath] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _slopes(self) -> "SurfaceWeights":
        if self.slope_limit_deg <= self.slope_free_deg:
            raise ValueError("slope_limit_deg must be greater than slope_free_deg")
        return self


class SegmentGrid(Section):
    """Search segments: square blocks of block_m (method "grid"; thin edge strips join their neighbour),
    or areas bounded by drainages, ridges, trails, roads and water of about target_area_km2 (method "terrain")."""

    method: Literal["grid", "terrain"] = "grid"
    block_m: Annotated[float, Field(ge=100, le=10000)] = 1000.0
    min_fraction: Annotated[float, Field(ge=0, le=1)] = 0.4
    target_area_km2: Annotated[float, Field(ge=0.05, le=100.0)] = 1.0


class Layers(Section):
    """Vector layers (GeoJSON or GPX files; a relative path is read from the scenario file's folder).

    Trails and roads attract the probability like `weights.trails`; water joins the drainages. All
    three bound terrain segments."""

    trails: list[Text] = Field(default_factory=list, max_length=20)
    roads: list[Text] = Field(default_factory=list, max_length=20)
    water: list[Text] = Field(default_factory=list, max_length=20)


class ConsensusRegion(Section):
    """A region drawn by the planners and each planner's weight for it (any non-negative scale)."""

    name: Name
    polygon: list[LatLon] = Field(min_length=3, max_length=500)
    weights: list[Annotated[float, Field(ge=0.0, le=1e6)]] = Field(min_length=1, max_length=20)


class Consensus(Section):
    """Planners' consensus by the Mattson method, mixed into the statistical surface (docs/planning.md).

    No planners and no regions (the default): no consensus, the statistical surface alone."""

    planners: list[Name] = Field(default_factory=list, max_length=20)
    mixture_weight: Probability = 0.5  # share of the consensus in the final surface; the rest is statistical
    regions: list[ConsensusRegion] = Field(default_factory=list, max_length=200)

    @property
    def active(self) -> bool:
        """True when planners are given (the consensus is mixed into the surface)."""
        return bool(self.planners)

    @model_validator(mode="after")
    def _weights(self) -> "Consensus":
        if bool(self.planners) != bool(self.regions):
            raise ValueError("give both planners and regions, or neither")
        k = len(self.planners)
        for r in self.regions:
            if len(r.weights) != k:
                raise ValueError(f"region {r.name!r}: {len(r.weights)} weights for {k} planners")
        for j, who in enumerate(self.planners):
            if not sum(r.weights[j] for r in self.regions) > 0:
                raise ValueError(f"planner {who!r} gives every region weight 0")
        return self


class SearchTeam(Section):
    name: str = Field(min_length=1, max_length=60)
    teams: Annotated[int, Field(ge=1, le=100)]
    searchers_per_team: Annotated[int, Field(ge=1, le=100)]
    sweep_width_m: Annotated[float, Field(ge=0.1, le=1000)]
    speed_kmh: Annotated[float, Field(ge=0.1, le=20)]


class Operations(Section):
    hours_per_period: Annotated[float, Field(ge=0.1, le=24)] = 8.0
    periods: Annotated[int, Field(ge=1, le=MAX_PERIODS)] = 3
    detection_law: Literal["exponential", "inverse_cube", "definite_range"] = "exponential"


class SuspensionSpec(Section):
    """Continue while the next period's POS per searcher-hour and the POA in the area stay above these."""

    min_pos_per_searcher_hour: Probability = 0.0005
    min_poa_in_area: Probability = 0.25


class LostPersonScenario(Section):
    """A person lost in the hills: probability map, segments, team-hours per segment, POS, suspension."""

    meta: Meta
    time: Time
    frame: Frame
    terrain: Terrain
    ipp: InitialPlanningPoint
    subject: Subject = Field(default_factory=Subject)
    distance: DistanceStats
    weights: SurfaceWeights = Field(default_factory=SurfaceWeights)
    segments: SegmentGrid = Field(default_factory=SegmentGrid)
    layers: Layers = Field(default_factory=Layers)
    consensus: Consensus = Field(default_factory=Consensus)
    teams: list[SearchTeam] = Field(min_length=1, max_length=20)
    operations: Operations = Field(default_factory=Operations)
    suspension: SuspensionSpec = Field(default_factory=SuspensionSpec)

    @model_validator(mode="after")
    def _check(self) -> "LostPersonScenario":
        if self.meta.kind != "lost_person":
            raise ValueError("meta.kind must be 'lost_person' for this scenario shape")
        names = [t.name for t in self.teams]
        if len(set(names)) != len(names):
            raise ValueError("teams: names must be unique")
        return self


# The loader picks the model by meta.kind.
SCENARIO_MODELS: dict[str, type[Section]] = {"evasion": EvasionScenario, "lost_person": LostPersonScenario}

Scenario = Union[EvasionScenario, LostPersonScenario]
