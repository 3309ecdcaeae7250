"""The Dask executor on a two-process local cluster gives the local executor's rows exactly."""
import distributed
import pytest

from .conftest import SMALL_SPEC, flat, invoke, rows, write_spec


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as c:
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


class KillOnce(distributed.WorkerPlugin):
    """Kills its worker process the first time any worker starts a chunk task (a marker file says so)."""

    def __init__(self, marker: str):
        self.marker = marker

    def transition(self, key, start, finish, **kwargs):
        import os

        if finish == "executing" and "sevr-chunk" in str(key) and not os.path.exists(self.marker):
            open(self.marker, "w").close()
            os._exit(1)


def test_a_worker_that_dies_has_its_chunk_rerun(tmp_path):
    import cloudpickle

    cloudpickle.register_pickle_by_value(__import__(__name__, fromlist=["KillOnce"]))
    spec = write_spec(tmp_path, SMALL_SPEC)
    marker = tmp_path / "killed"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as client:
        client.register_plugin(KillOnce(str(marker)))
        result = invoke("sweep", spec, "--out", tmp_path / "dask", "--executor", "dask", "--address",
                        cluster.scheduler_address, "--chunk-blocks", 1)
    assert marker.exists(), "no worker was killed; the test did not exercise the fault"
    assert result.exit_code == 0, result.output
    assert invoke("sweep", spec, "--out", tmp_path / "local", "--chunk-blocks", 1).exit_code == 0
    assert rows(tmp_path / "dask").equals(rows(tmp_path / "local"))
