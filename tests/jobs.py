"""Pages that hand their work to the task worker (core.jobs): posted, the job run at once when the request commits
(the tests' immediate backend; django_capture_on_commit_callbacks runs what waits for the commit), and its page read."""


def through_the_worker(client, capture, path: str, data=None):
    """POST to a page that starts a job; the job's page (/jobs/<pk>/) once the job has run."""
    with capture(execute=True):
        response = client.post(path, data or {})
    assert response.status_code == 302 and "/jobs/" in response["Location"], (response.status_code,
                                                                                response.content.decode()[:2000])
    return client.get(response["Location"])
