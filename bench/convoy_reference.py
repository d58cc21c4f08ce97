# Plain /usr/bin/python3 reference for the convoy benchmark (bench/python_engine.sh convoy):
# 2 threads run the sha256 chain, a third does sqlite3 lookups with a gap of GAP_US
# between them (GIL released meanwhile) and reports the time per lookup cycle.
# usage: /usr/bin/python3 bench/convoy_reference.py DB SWITCH_MS GAP_US
import hashlib, sqlite3, sys, threading, time, statistics
sys.setswitchinterval(float(sys.argv[2]) / 1000)
db = sys.argv[1]
stop = False
done = [0]
def spin():
    while not stop:
        h = b"x"
        for _ in range(80000): h = hashlib.sha256(h).digest()
        done[0] += 1
ts = [threading.Thread(target=spin) for _ in range(2)]
for t in ts: t.start()
conn = sqlite3.connect("file:" + db + "?mode=ro&immutable=1", uri=True)
lat = []
t_end = time.perf_counter() + 4
c0 = time.process_time()
w0 = time.perf_counter()
while time.perf_counter() < t_end:
    time.sleep(float(sys.argv[3]) / 1e6)  # gap between requests; the GIL is released meanwhile
    t0 = time.perf_counter()
    conn.execute("SELECT val FROM kv WHERE key = ?", ("k1",)).fetchone()
    lat.append((time.perf_counter() - t0) * 1e6)
stop = True
wall = time.perf_counter() - w0
for t in ts: t.join()
lat.sort()
print(f"switch={sys.argv[2]}ms gap={sys.argv[3]}us lookups={len(lat)} p50={lat[len(lat)//2]:.0f}us p99={lat[int(len(lat)*.99)]:.0f}us "
      f"cycle_mean={wall / len(lat) * 1e3:.2f}ms chains/s={done[0]/wall:.1f} gil_busy~={done[0]/wall*80000*330e-9:.2f}")
