"""Control records for callers above the control layer: who holds what on a date, changes, histories.

The read model itself is `frontscope.control.store_view` (owned with the timelines it replays); callers go
through this module so the read side has one door.
"""

from frontscope.control.store_view import (  # noqa: F401 (the control read side's public names)
    ControlView,
    change_rows,
    claimed_rows,
    control_view,
    decision_rows,
    history_rows,
    observations_from_store,
    snapshot_rows,
    source_rows,
    state_rows,
    to_csv,
    to_geojson,
)
