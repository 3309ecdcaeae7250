"""store.arrow_array: the Arrow columns of a chunk, built without pandas."""
import numpy as np
import pyarrow as pa
import pytest

from sevr.montecarlo import store
@pytest.mark.parametrize("values, arrow_type", [
    (np.array([1.0, np.nan, -0.0, np.inf, 2.5]), pa.float64()),
    (np.array([3, -1, 0, 2**40]), pa.int64()),
    (np.array([True, False, True, True, False, False, True, False, True]), pa.bool_()),
    (np.array(["hidden", "", "mağara", None, "found"], dtype=object), pa.string()),
    (np.array(["x"] * 3, dtype=object), pa.string()),
    (np.zeros(0), pa.float64()),
])
def test_arrow_array_equals_pa_array_from_pandas(values, arrow_type):
    # The store builds columns from buffers so as not to import pandas; same array, same nulls.
    built = store.arrow_array(values, arrow_type)
    built.validate(full=True)
    expected = pa.array(values, arrow_type, from_pandas=True)
    assert built.equals(expected) and built.null_count == expected.null_count
