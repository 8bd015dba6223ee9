#!/usr/bin/env python3
"""Captures the dns_reply fuzz target's seeds: real replies of NSD on
loopback, serving the demo zone (seeds/demo/lookalikes.zone) and a test
zone with a CNAME to a missing name and an answer too big for UDP.

Each seed is one control byte (the query type's index: 0 A, 1 AAAA, 2 MX,
3 NS; see dns_reply_fuzzer.cc) and the DNS message as NSD sent it.
Run from anywhere: python3 tests/fuzz/capture_dns_seeds.py (needs nsd).
Only 127.0.0.1 is ever contacted."""
import os, random, socket, struct, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(HERE, 'dns_reply')
TYPES = {'A': (0, 1), 'AAAA': (1, 28), 'MX': (2, 15), 'NS': (3, 2)}

EXTRA = '''$TTL 300
@ IN SOA ns.fuzz.test. hostmaster.fuzz.test. 1 3600 600 86400 300
@ IN NS ns.fuzz.test.
ns IN A 127.0.0.1
alias IN CNAME missing.fuzz.test.
chain IN CNAME alias2.fuzz.test.
alias2 IN A 192.0.2.1
''' + ''.join('big IN A 192.0.2.%d\n' % i for i in range(1, 200)) + \
    ''.join('big IN MX %d mail%d.fuzz.test.\n' % (i, i) for i in range(60))

QUERIES = [  # (name, type, seed name)
    ('springfield.ac.in', 'MX', 'mx'), ('springfield.ac.in', 'A', 'a'),
    ('springfield.in', 'MX', 'null-mx'), ('arrny.mil', 'AAAA', 'aaaa'),
    ('arrny.mil', 'MX', 'nodata'), ('nosuch-lookalike.in', 'A', 'nxdomain'),
    ('q7x9.tk', 'A', 'wildcard'), ('xn--rmy-5cd.mil', 'MX', 'idn-mx'),
    ('.', 'NS', 'root-ns'), ('alias.fuzz.test', 'A', 'dangling-cname'),
    ('chain.fuzz.test', 'A', 'cname-chain'), ('big.fuzz.test', 'A', 'big-udp'),
    ('big.fuzz.test', 'MX', 'big-mx-udp'), ('fuzz.test', 'NS', 'ns'),
]


def query(name, qtype, edns=True):
    qid = random.randrange(65536)
    q = struct.pack('>HHHHHH', qid, 0x0100, 1, 0, 0, 1 if edns else 0)
    for label in name.strip('.').split('.'):
        if label:
            q += bytes([len(label)]) + label.encode()
    q += b'\0' + struct.pack('>HH', TYPES[qtype][1], 1)
    if edns:  # RFC 6891 OPT, 1232-octet UDP payload
        q += b'\0' + struct.pack('>HHIH', 41, 1232, 0, 0)
    return q


def ask_udp(port, msg):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(2)
        s.sendto(msg, ('127.0.0.1', port))
        return s.recv(65535)


def ask_tcp(port, msg):
    with socket.create_connection(('127.0.0.1', port), timeout=2) as s:
        s.sendall(struct.pack('>H', len(msg)) + msg)
        data = b''
        while len(data) < 2 or len(data) < 2 + struct.unpack('>H', data[:2])[0]:
            chunk = s.recv(65535)
            if not chunk:
                break
            data += chunk
        return data[2:]


def main():
    run = tempfile.mkdtemp(prefix='domex-dns-seeds.')
    with open(os.path.join(ROOT, 'seeds/demo/lookalikes.zone')) as f:
        open(os.path.join(run, 'root.zone'), 'w').write(f.read())
    open(os.path.join(run, 'fuzz.zone'), 'w').write(EXTRA)
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    conf = f'''server:
  ip-address: 127.0.0.1@{port}
  do-ip6: no
  username: ""
  chroot: ""
  zonesdir: "{run}"
  database: ""
  pidfile: "{run}/nsd.pid"
  logfile: "{run}/nsd.log"
  xfrdfile: "{run}/xfrd.state"
  xfrdir: "{run}"
  zonelistfile: "{run}/zone.list"
  rrl-ratelimit: 0
  server-count: 1
remote-control:
  control-enable: no
zone:
  name: "."
  zonefile: "root.zone"
zone:
  name: "fuzz.test"
  zonefile: "fuzz.zone"
'''
    open(os.path.join(run, 'nsd.conf'), 'w').write(conf)
    nsd = subprocess.Popen(['/usr/sbin/nsd', '-d', '-c', os.path.join(run, 'nsd.conf')])
    try:
        for _ in range(50):
            try:
                ask_udp(port, query('fuzz.test', 'NS'))
                break
            except OSError:
                time.sleep(0.1)
        os.makedirs(OUT, exist_ok=True)
        for name, qtype, seed in QUERIES:
            reply = ask_udp(port, query(name, qtype))
            write(seed, qtype, reply)
            if reply[2] & 0x02:  # TC: RFC 7766 §5, ask again over TCP
                write(seed.replace('-udp', '-tcp'), qtype, ask_tcp(port, query(name, qtype)))
        write('no-edns', 'A', ask_udp(port, query('army.ml', 'A', edns=False)))
    finally:
        nsd.terminate()
        nsd.wait()


def write(seed, qtype, reply):
    with open(os.path.join(OUT, seed), 'wb') as f:
        f.write(bytes([TYPES[qtype][0]]) + reply)
    print(f'{seed}: {len(reply)} bytes, rcode {reply[3] & 15}, tc {reply[2] >> 1 & 1}')


if __name__ == '__main__':
    sys.exit(main())
