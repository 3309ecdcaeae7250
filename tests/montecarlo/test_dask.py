"""The Dask executor on a two-process local cluster gives the local executor's rows exactly."""
import distributed
import pytest

from .conftest import SMALL_SPEC, flat, invoke, rows, write_spec


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c:
        yield c


def test_dask_rows_equal_local_rows(tmp_path, cluster):
    spec = write_spec(tmp_path, SMALL_SPEC)
    local, remote = tmp_path / "local", tmp_path / "dask"
    assert invoke("sweep", spec, "--out", local, "--chunk-blocks", 2).exit_code == 0
    result = invoke("sweep", spec, "--out", remote, "--executor", "dask", "--address",
                    cluster.scheduler_address, "--chunk-blocks", 1)
    assert result.exit_code == 0, result.output
    assert "dask executor" in flat(result.output)
    assert rows(remote).equals(rows(local))
    assert len(list(remote.rglob("chunk-*.parquet"))) == 4


def test_unreachable_scheduler_fails_before_any_work(tmp_path, small_spec):
    out = tmp_path / "out"
    result = invoke("sweep", small_spec, "--out", out, "--executor", "dask", "--address", "tcp://127.0.0.1:9")
    assert result.exit_code == 2
    said = flat(result.output)
    assert "--address" in said and "no Dask scheduler reachable at tcp://127.0.0.1:9" in said
    assert not out.exists()
