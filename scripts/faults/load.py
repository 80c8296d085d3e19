"""The load and the faults of scripts/faults.sh: writers create tasks without pause while the database is
crashed (pg_ctl stop -m immediate, then start) and then paused (SIGSTOP on the postmaster and its children).
A writer retries a create that got no 201 as a careful client would: with Idempotency-Key, the same key;
without, the same title. Python 3 standard library only; configured by scripts/faults.sh's environment."""
import http.client, json, os, subprocess, sys, threading, time, urllib.parse, uuid

API = urllib.parse.urlparse(os.environ["TODO_API"])
WRITERS = int(os.environ["TODO_WRITERS"])
PAUSE = float(os.environ["TODO_PAUSE"])
PG_DATA, PG_BIN, PG_OPTS = os.environ["TODO_PG_DATA"], os.environ["TODO_PG_BIN"], os.environ["TODO_PG_OPTS"]
AS_PG = os.environ.get("TODO_AS_PG", "").split()
stop = threading.Event()
lock = threading.Lock()
answers = []        # (sent, done, status, keyed)
acknowledged = []   # ids of tasks the API answered 201 for
attempts_per_create = {"keyed": [], "plain": []}


def post(token, title, key):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    sent = time.monotonic()
    try:
        conn = http.client.HTTPConnection(API.hostname, API.port, timeout=60)
        conn.request("POST", "/api/tasks", json.dumps({"title": title}), headers)
        response = conn.getresponse()
        status, body = response.status, response.read()
        conn.close()
    except OSError:
        status, body = 0, b""
    with lock:
        answers.append((sent, time.monotonic(), status, key is not None))
    return status, body


def writer(token, keyed):
    while not stop.is_set():
        title = f"{'keyed' if keyed else 'plain'}-{uuid.uuid4().hex}"
        key = title if keyed else None
        for attempt in range(1, 200):
            status, body = post(token, title, key)
            if status == 201:
                with lock:
                    acknowledged.append(json.loads(body)["id"])
                    attempts_per_create["keyed" if keyed else "plain"].append(attempt)
                break
            time.sleep(0.2)


def pg_ctl(*args):
    subprocess.run(AS_PG + [f"{PG_BIN}/pg_ctl", "-D", PG_DATA, *args], check=True, stdout=subprocess.DEVNULL)


def server_pids():
    postmaster = int(open(f"{PG_DATA}/postmaster.pid").readline())
    children = subprocess.run(["pgrep", "-P", str(postmaster)], capture_output=True, text=True).stdout.split()
    return [postmaster] + [int(c) for c in children]


def report(name, began, back):
    during = [a for a in answers if a[1] >= began]
    first_503 = min((a[1] for a in during if a[2] == 503), default=None)
    recovered = min((a[1] for a in during if a[1] >= back and 200 <= a[2] < 300), default=None)
    window = [a for a in during if a[0] <= (recovered or back)]
    slowest = max((a[1] - a[0] for a in window), default=0)
    statuses = {}
    for a in window:
        statuses[a[2]] = statuses.get(a[2], 0) + 1
    print(f"{name}: first 503 after {fmt(first_503, began)}, slowest answer {slowest:.2f} s, "
          f"recovered {fmt(recovered, back)} after the database was back; answers {dict(sorted(statuses.items()))}")


def fmt(t, since):
    return "never" if t is None else f"{t - since:.2f} s"


threads = [threading.Thread(target=writer, args=(os.environ[f"TODO_TOKEN_{kind.upper()}"], kind == "keyed"))
           for kind in ("keyed", "plain") for _ in range(WRITERS)]
for t in threads:
    t.start()
time.sleep(5)

began = time.monotonic()
pg_ctl("-m", "immediate", "stop")
time.sleep(5)
pg_ctl("-l", os.environ["TODO_PG_LOG"], "-w", "-o", PG_OPTS, "start")
back = time.monotonic()
time.sleep(10)
report("crash (stop -m immediate, 5 s down)", began, back)

began = time.monotonic()
pids = server_pids()
os.kill(pids[0], 19)                     # SIGSTOP the postmaster first, so it starts no new backend
for pid in pids[1:]:
    os.kill(pid, 19)
time.sleep(PAUSE)
for pid in reversed(pids):
    os.kill(pid, 18)                     # SIGCONT
back = time.monotonic()
time.sleep(10)
report(f"pause (SIGSTOP, {PAUSE:g} s)", began, back)

stop.set()
for t in threads:
    t.join()

psql = os.environ["TODO_PSQL"].split()
stored = set(int(i) for i in subprocess.run(psql + ["-c", "SELECT id FROM tasks"], capture_output=True, text=True, check=True).stdout.split())
lost = [i for i in acknowledged if i not in stored]
duplicates = {}
for kind in ("keyed", "plain"):
    rows = subprocess.run(psql + ["-c", f"SELECT count(*) FROM (SELECT title FROM tasks WHERE title LIKE '{kind}-%' "
                                        "GROUP BY title HAVING count(*) > 1) d"], capture_output=True, text=True, check=True)
    duplicates[kind] = int(rows.stdout.strip())
print(f"writes acknowledged: {len(acknowledged)}, lost: {len(lost)}")
print(f"creates stored twice or more: with Idempotency-Key {duplicates['keyed']}, without {duplicates['plain']} "
      f"(creates that needed a retry: with key {sum(a > 1 for a in attempts_per_create['keyed'])}, "
      f"without {sum(a > 1 for a in attempts_per_create['plain'])})")
print(f"slowest answer of the whole run: {max(a[1] - a[0] for a in answers):.2f} s over {len(answers)} requests")

# The promises: no acknowledged write lost, no keyed create stored twice.
sys.exit(1 if lost or duplicates["keyed"] else 0)
