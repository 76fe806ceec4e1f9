"""Run many requests through the Batch API: results in input order, a run that resumes."""

import tempfile
from pathlib import Path

from _env import MODEL, client

QUESTIONS = [f"In one sentence, what is {n} squared?" for n in range(250)]


def requests():  # a generator: the input is never held in memory
    for n, question in enumerate(QUESTIONS):
        body = {"messages": [{"role": "user", "content": question}]}
        yield {"custom_id": f"square-{n}", "body": body}


def show(progress):
    print(f"  {progress.submitted} submitted, {progress.completed}/{progress.total} done")


with tempfile.TemporaryDirectory() as tmp, client() as mistral:
    state = Path(tmp) / "squares"
    run = mistral.batch.run(
        requests(),
        endpoint="/v1/chat/completions",
        model=MODEL,
        state=state,  # the run's state on disk: it survives this process
        max_requests_per_job=100,  # small jobs, to show a run made of several
        poll_interval=0.5,
        on_progress=show,
    )
    print(f"submitted {run.total} requests as {len(run.job_ids)} jobs")

    with run:
        for result in run:
            if result.index < 2:
                print(result.custom_id, "->", result.response["choices"][0]["message"]["content"])
            if result.index == 99:
                break  # stop half way, as a crash or Ctrl-C would

    # Later, or in another process: carry on after the last result handed out. A result
    # counts as handed out once the next one is asked for, so square-99 comes again.
    with mistral.batch.resume(state, poll_interval=0.5) as resumed:
        rest = list(resumed)
        print(f"resumed at {rest[0].custom_id}: {len(rest)} more results")
        failed = list(resumed.failed())
        print(f"{resumed.progress().succeeded} answered, {len(failed)} failed")
