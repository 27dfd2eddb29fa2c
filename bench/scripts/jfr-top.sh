#!/usr/bin/env bash
# Summarises a Flight Recorder recording's execution samples (e.g. one made by write-path.sh with
# MQ_JFR=DIR): the share of samples by thread, by library (each sample attributed to the innermost
# frame of a known library), the top methods by self samples, and, for each PATTERN given, the share of
# samples whose stack holds a frame containing it (inclusive).
#   bench/scripts/jfr-top.sh recording.jfr [PATTERN ...]
set -euo pipefail
[[ $# -ge 1 ]] || { echo "usage: $0 recording.jfr [PATTERN ...]" >&2; exit 2; }
command -v jfr > /dev/null || { echo "needs jfr (a JDK's bin)" >&2; exit 2; }
recording=$1
shift
jfr print --events jdk.ExecutionSample --stack-depth 128 "$recording" | python3 -c '
import collections, re, sys

patterns = sys.argv[1:]
libraries = [  # first match wins: the innermost frame of one of these names the sample
    ("com.mallquest.smartcache", "SmartCache"), ("com.mallquest", "MallQuest"),
    ("org.apache.catalina", "Tomcat"), ("org.apache.coyote", "Tomcat"), ("org.apache.tomcat", "Tomcat"),
    ("org.springframework.security", "Spring Security"), ("org.springframework.jdbc", "Spring JDBC"),
    ("org.springframework.transaction", "Spring JDBC"),
    ("org.springframework.web", "Spring Web"), ("org.springframework.http", "Spring Web"),
    ("org.springframework", "Spring (other)"), ("io.micrometer", "Micrometer"),
    ("tools.jackson", "Jackson"), ("com.fasterxml.jackson", "Jackson"),
    ("org.postgresql", "JDBC driver, Hikari"), ("com.zaxxer.hikari", "JDBC driver, Hikari"),
    ("org.h2", "H2"), ("io.lettuce", "Lettuce, Netty"), ("io.netty", "Lettuce, Netty"),
    ("com.github.benmanes.caffeine", "Caffeine"), ("ch.qos.logback", "Logging"), ("org.slf4j", "Logging"),
    ("jakarta.validation", "Validation"), ("org.hibernate.validator", "Validation"),
]
samples = []  # (thread, [frames innermost first])
thread, frames, in_stack = None, [], False
for line in sys.stdin:
    s = line.strip()
    if s.startswith("sampledThread = "):
        m = re.match(r"sampledThread = \"(.*?)\"", s)
        thread = re.sub(r"[-#]?\d+$", "", m.group(1)) if m else "?"
    elif s == "stackTrace = [":
        frames, in_stack = [], True
    elif in_stack and s.startswith("]"):
        in_stack = False
        samples.append((thread, frames))
    elif in_stack and s and s != "...":
        frames.append(re.sub(r"\s+line:.*$", "", s))
n = len(samples)
if n == 0:
    sys.exit("no execution samples")
def show(title, counter, top=None):
    print(f"\n{title}")
    for k, v in counter.most_common(top):
        print(f"  {100.0 * v / n:5.1f}%  {k}")
print(f"{n} execution samples")
show("by thread", collections.Counter(t for t, _ in samples), 12)
def library(frames):
    for f in frames:
        for prefix, name in libraries:
            if f.startswith(prefix):
                return name
    return "JDK, other"
show("by library (innermost known frame)", collections.Counter(library(f) for _, f in samples))
show("top methods (self)", collections.Counter(f[0] if f else "?" for _, f in samples), 30)
for p in patterns:
    hits = sum(1 for _, f in samples if any(p in x for x in f))
    print(f"\ninclusive {p}: {100.0 * hits / n:.1f}%")
' "$@"
