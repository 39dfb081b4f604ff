#!/usr/bin/env bash
# Measures the starter's sample application against Caddy and certbot on one local
# Pebble ACME CA, and writes the figures as a Markdown page.
#
# Every server it starts listens on 127.0.0.1 only, every request goes to 127.0.0.1,
# and no public CA is ever contacted. Everything it starts is stopped on exit.
# See benchmarks/README.md for what each scenario measures and how.
set -euo pipefail
export LC_ALL=C

repo=$(cd "$(dirname "$0")/.." && pwd)
jar="$repo/sample-app/target/sample-app-0.1.0-SNAPSHOT.jar"
command_line="benchmarks/run.sh$(printf ' %q' "$@")"

usage() {
	cat <<'USAGE'
Usage: benchmarks/run.sh [options]

  --quick           2 runs per scenario, 5 swaps, 1/10/100 stored certificates and
                    short load phases: a dry run that takes a few minutes
  --runs N          measured runs per scenario after one warm-up run (default 7)
  --output FILE     where to write the results page (default benchmarks/RESULTS.md)
  --note TEXT       a note printed under the title, for example about machine load
  --port-base N     first of 7 consecutive ports on 127.0.0.1 (default 24000)
  --skip-build      use the sample-app jar that is already built
  --keep-work       keep the temporary folder with all logs after a successful run
  -h, --help        print this help

Needs root for apt-get when pebble, caddy, certbot or wrk is missing, and a JDK 17
(java and jcmd) on the PATH.
USAGE
}

quick=false
runs=""
output="$repo/benchmarks/RESULTS.md"
note=""
port_base=24000
build=true
keep_work=false
while [ $# -gt 0 ]; do
	case "$1" in
		--quick) quick=true ;;
		--runs) runs=$2; shift ;;
		--output) output=$2; shift ;;
		--note) note=$2; shift ;;
		--port-base) port_base=$2; shift ;;
		--skip-build) build=false ;;
		--keep-work) keep_work=true ;;
		-h | --help) usage; exit 0 ;;
		*) echo "Unknown option '$1'." >&2; usage >&2; exit 2 ;;
	esac
	shift
done

if [ "$quick" = true ]; then
	runs=${runs:-2}
	scales="1 10 100"
	swap_count=5
	swap_repeats=2
	load_seconds=6
	pass_seconds=4
else
	runs=${runs:-7}
	scales="1 100 1000"
	swap_count=20
	swap_repeats=5
	load_seconds=15
	pass_seconds=8
fi
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
	echo "--runs must be a positive whole number, not '$runs'." >&2
	exit 2
fi
nonce_rates="5 50"
keepalive_connections=8
close_connections=2

name=app.example.test
acme_port=$port_base
management_port=$((port_base + 1))
dns_port=$((port_base + 2))
dns_management_port=$((port_base + 3))
http01_port=$((port_base + 4))
https_port=$((port_base + 5))
# Pebble dials this port for TLS-ALPN-01. Nothing listens on it, because every client
# here uses HTTP-01.
tls_alpn_port=$((port_base + 6))
directory_url="https://127.0.0.1:$acme_port/dir"

# ---------------------------------------------------------------- helpers

say() {
	echo "==> $*" >&2
}

# Sets NOW to the wall-clock time in milliseconds, without starting a process.
now() {
	local micros=${EPOCHREALTIME/./}
	NOW=$((micros / 1000))
}

pids=()
work=""
finished=false

# Remembers a background process so that the exit trap stops it.
track() {
	pids+=("$1")
}

# Forgets a process that has ended, so that a later process with the same id is
# never signalled.
untrack() {
	local kept=() pid
	for pid in "${pids[@]}"; do
		[ "$pid" = "$1" ] || kept+=("$pid")
	done
	pids=("${kept[@]}")
}

# Stops one process that this script started: SIGTERM, then SIGKILL after 20 s.
stop_pid() {
	local pid=$1
	if kill -TERM "$pid" 2> /dev/null; then
		for _ in $(seq 1 200); do
			kill -0 "$pid" 2> /dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2> /dev/null || true
	fi
	wait "$pid" 2> /dev/null || true
	untrack "$pid"
}

cleanup() {
	local status=$?
	local pid
	for pid in "${pids[@]}"; do
		kill -TERM "$pid" 2> /dev/null || true
	done
	for pid in "${pids[@]}"; do
		stop_pid "$pid"
	done
	if [ -n "$work" ]; then
		if [ "$finished" = true ] && [ "$keep_work" = false ]; then
			rm -rf "$work"
		else
			echo "Logs and data are kept in $work" >&2
		fi
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Appends a value to a data file of the work folder.
record() {
	echo "$2" >> "$work/data/$1"
}

# Prints "min median max" of the numbers in a data file, or "n/a n/a n/a".
stats() {
	if [ ! -s "$work/data/$1" ]; then
		echo "n/a n/a n/a"
		return 0
	fi
	sort -n "$work/data/$1" | awk '
		{ v[NR] = $1 }
		END {
			if (NR == 0) { print "n/a n/a n/a"; exit }
			median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			print v[1], median, v[NR]
		}'
}

median() {
	stats "$1" | awk '{ print $2 }'
}

count() {
	if [ -f "$work/data/$1" ]; then wc -l < "$work/data/$1"; else echo 0; fi
}

# Formats milliseconds as seconds with three decimals.
seconds() {
	awk -v ms="$1" 'BEGIN { if (ms == "n/a") print "n/a"; else printf "%.3f s", ms / 1000 }'
}

# Prints a / b with two decimals.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b == 0) print "n/a"; else printf "%.2f", a / b }'
}

# Prints one table row of timings in seconds: label, data file, optionally the median
# that the ratio column divides by, and the file that lists failed runs.
timing_row() {
	local label=$1 key=$2 base=${3:-} failed_key=${4:-$2.failed}
	local min mid max
	read -r min mid max <<< "$(stats "$key")"
	local failures
	failures=$(count "$failed_key")
	local ratio_text=""
	[ -n "$base" ] && ratio_text=$(ratio "$mid" "$base")
	echo "| $label | $(count "$key")/$((failures + $(count "$key"))) | $(seconds "$min") | $(seconds "$mid") | $(seconds "$max") | $ratio_text |"
}

# Prints the time in milliseconds of the first line of a Spring Boot log that
# matches a pattern, or nothing.
log_time() {
	local line
	line=$(grep -m1 -E "$1" "$2" || true)
	[ -n "$line" ] || return 0
	date -d "${line%% *}" +%s%3N
}

port_in_use() {
	(exec 3<> "/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Counts Pebble's handled requests logged after a given line number.
pebble_requests_since() {
	tail -n +"$(($1 + 1))" "$work/pebble.log" | grep -c -- '-> calling handler' || true
}

# Prints each request method and path logged after a given line, with counts.
pebble_request_kinds_since() {
	tail -n +"$(($1 + 1))" "$work/pebble.log" | grep -- '-> calling handler' \
		| sed -E 's/^Pebble [0-9\/]+ [0-9:]+ ([A-Z]+) ([^ ]+) -> .*/\1 \2/' \
		| awk '{ n[$0]++; order[$0] = order[$0] ? order[$0] : NR } END { for (k in n) print order[k], k, n[k] }' \
		| sort -n | awk '{ printf "%s%s %s x%s", (NR > 1 ? ", " : ""), $2, $3, $4 }'
}

pebble_lines() {
	wc -l < "$work/pebble.log"
}

# ---------------------------------------------------------------- set-up

ensure_tools() {
	local missing=()
	command -v pebble > /dev/null && command -v pebble-challtestsrv > /dev/null || missing+=(pebble)
	command -v caddy > /dev/null || missing+=(caddy)
	command -v certbot > /dev/null || missing+=(certbot)
	command -v wrk > /dev/null || missing+=(wrk)
	command -v openssl > /dev/null || missing+=(openssl)
	command -v curl > /dev/null || missing+=(curl)

	if [ ${#missing[@]} -gt 0 ]; then
		if [ "$(id -u)" != 0 ]; then
			echo "Missing packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}" >&2
			exit 1
		fi
		say "Installing ${missing[*]} with apt-get"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq "${missing[@]}" > /dev/null
	fi

	# The caddy and certbot packages enable a web server on ports 80 and 443 and a
	# renewal timer. The benchmark needs neither, so what this run installed is
	# switched off again; units that were there before are left alone.
	local units=() package
	for package in "${missing[@]}"; do
		case $package in
			caddy) units+=(caddy.service) ;;
			certbot) units+=(certbot.timer) ;;
		esac
	done
	if [ ${#units[@]} -gt 0 ] && command -v systemctl > /dev/null; then
		systemctl disable "${units[@]}" > /dev/null 2>&1 || true
		if [ -d /run/systemd/system ]; then
			systemctl stop "${units[@]}" > /dev/null 2>&1 || true
		fi
	fi

	for tool in java jcmd jfr; do
		if ! command -v "$tool" > /dev/null; then
			echo "Missing '$tool'. Install a JDK 17, for example: sudo apt-get install -y openjdk-17-jdk-headless" >&2
			exit 1
		fi
	done
	if pgrep -x caddy > /dev/null; then
		echo "Note: a Caddy process not started by this script is running; it takes CPU time from the runs." >&2
	fi
}

check_ports() {
	for port in $acme_port $management_port $dns_port $dns_management_port $http01_port $https_port; do
		if port_in_use "$port"; then
			echo "Port $port on 127.0.0.1 is in use. Stop what listens there, or pick other ports with --port-base." >&2
			exit 1
		fi
	done
}

make_pebble_tls() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj "/CN=Benchmark CA for Pebble" -keyout "$work/pebble-tls-ca.key" -out "$work/pebble-tls-ca.pem" 2> /dev/null
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
		-keyout "$work/pebble-tls.key" -out "$work/pebble-tls.csr" 2> /dev/null
	printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$work/pebble-tls.ext"
	openssl x509 -req -in "$work/pebble-tls.csr" -CA "$work/pebble-tls-ca.pem" -CAkey "$work/pebble-tls-ca.key" \
		-CAcreateserial -days 2 -extfile "$work/pebble-tls.ext" -out "$work/pebble-tls.pem" 2> /dev/null
	cat > "$work/pebble-config.json" <<JSON
{
  "pebble": {
    "listenAddress": "127.0.0.1:$acme_port",
    "managementListenAddress": "127.0.0.1:$management_port",
    "certificate": "$work/pebble-tls.pem",
    "privateKey": "$work/pebble-tls.key",
    "httpPort": $http01_port,
    "tlsPort": $tls_alpn_port,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": false
  }
}
JSON
}

start_dns() {
	pebble-challtestsrv -dns01 "127.0.0.1:$dns_port" -http01 "" -https01 "" -tlsalpn01 "" \
		-management "127.0.0.1:$dns_management_port" -defaultIPv4 127.0.0.1 -defaultIPv6 "" \
		> "$work/challtestsrv.log" 2>&1 &
	track $!
}

pebble_pid=""

# Starts Pebble with a given percentage of rejected nonces and fetches its new root.
# Readiness is checked on the management port and by a bare TCP connect, so that no
# probe shows up among the counted ACME requests.
start_pebble() {
	local reject=$1
	[ -z "$pebble_pid" ] || stop_pebble
	echo "---- Pebble restarted, rejecting $reject% of nonces" >> "$work/pebble.log"
	PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=$reject pebble -config "$work/pebble-config.json" \
		-dnsserver "127.0.0.1:$dns_port" >> "$work/pebble.log" 2>&1 &
	pebble_pid=$!
	track $pebble_pid
	for _ in $(seq 1 200); do
		if curl -sf --cacert "$work/pebble-tls-ca.pem" "https://127.0.0.1:$management_port/roots/0" \
			-o "$work/root.pem" 2> /dev/null && port_in_use "$acme_port"; then
			return 0
		fi
		sleep 0.05
	done
	echo "Pebble did not start within 10 s; its log is in $work/pebble.log" >&2
	exit 1
}

stop_pebble() {
	stop_pid "$pebble_pid"
	pebble_pid=""
}

# ---------------------------------------------------------------- clients

POLL_UP=""
POLL_OK=""

# Polls https://<name>:<port>/ every ~20 ms until a request succeeds with a certificate
# that chains to Pebble's root. Sets POLL_UP to the start of the first attempt that
# found the port open, because the first handshake of a cold server can take long and
# its end would be too late. Sets POLL_OK to the end of the first verified request.
# Both are in milliseconds. Returns 1 at the deadline, or as soon as an optional log
# file shows a failure pattern.
poll_https() {
	local deadline=$1 failure_log=${2:-} failure_pattern=${3:-}
	POLL_UP=""
	POLL_OK=""
	while :; do
		local rc=0 attempt
		now
		attempt=$NOW
		curl -s -o /dev/null --max-time 2 --cacert "$work/root.pem" \
			--resolve "$name:$https_port:127.0.0.1" "https://$name:$https_port/" || rc=$?
		now
		# Exit code 7: connection refused, so nothing listens yet.
		if [ "$rc" != 7 ] && [ -z "$POLL_UP" ]; then
			POLL_UP=$attempt
		fi
		if [ "$rc" = 0 ]; then
			POLL_OK=$NOW
			return 0
		fi
		if [ "$NOW" -ge "$deadline" ]; then
			return 1
		fi
		if [ -n "$failure_log" ] && grep -q -E "$failure_pattern" "$failure_log" 2> /dev/null; then
			return 1
		fi
		sleep 0.02
	done
}

app_pid=""

# Starts the sample application in the background with Pebble as its CA.
start_app() {
	local log=$1
	shift
	(cd "$work" && exec java -jar "$jar" \
		--server.address=127.0.0.1 \
		--server.port="$https_port" \
		--acme.domains="$name" \
		--acme.http-port="$http01_port" \
		--acme.directory-url="$directory_url" \
		--acme.directory-ssl-bundle=pebble \
		--spring.ssl.bundle.pem.pebble.truststore.certificate="file:$work/pebble-tls-ca.pem" \
		"$@") > "$log" 2>&1 &
	app_pid=$!
	track "$app_pid"
}

stop_app() {
	stop_pid "$app_pid"
	app_pid=""
}

fresh_storage() {
	rm -rf "$1"
	mkdir -p "$(dirname "$1")"
	mkdir -m 700 "$1"
}

# One issuance by the sample application with empty storage and a new account.
# Records under the given prefix: -total (process start to verified HTTPS), -issue
# (server up to verified HTTPS, from polling), -issue-log (from the application's log),
# -up-to-started (server up to Tomcat's start line) and -requests.
app_issuance() {
	local prefix=$1 measured=$2 run=$3
	local dir="$work/runs/$prefix-$run"
	mkdir -p "$dir"
	fresh_storage "$dir/storage"
	local lines_before
	lines_before=$(pebble_lines)
	now
	local start=$NOW
	start_app "$dir/app.log" --acme.storage-location="$dir/storage"
	local ok=true
	poll_https $((start + 90000)) "$dir/app.log" 'Unable to obtain a certificate|Renewals for .* are stopped' || ok=false
	stop_app
	[ "$measured" = true ] || return 0
	if [ "$ok" = true ]; then
		record "$prefix-total" $((POLL_OK - start))
		record "$prefix-issue" $((POLL_OK - POLL_UP))
		local tomcat installed
		tomcat=$(log_time 'Tomcat started on' "$dir/app.log")
		installed=$(log_time 'Installed certificate' "$dir/app.log")
		if [ -n "$tomcat" ] && [ -n "$installed" ]; then
			record "$prefix-issue-log" $((installed - tomcat))
			record "$prefix-up-to-started" $((tomcat - POLL_UP))
		fi
		record "$prefix-requests" "$(pebble_requests_since "$lines_before")"
		pebble_request_kinds_since "$lines_before" > "$work/data/$prefix-kinds"
	else
		record "$prefix-total.failed" "$run"
		cp "$dir/app.log" "$work/data/$prefix-failed-$run.log"
	fi
}

write_caddyfile() {
	cat > "$1" <<CADDY
{
	admin off
	default_bind 127.0.0.1
	http_port $http01_port
	https_port $https_port
	skip_install_trust
	acme_ca $directory_url
	acme_ca_root $work/pebble-tls-ca.pem
	cert_issuer acme {
		disable_tlsalpn_challenge
	}
}

$name {
	respond "Hello from Caddy"
}
CADDY
}

# One issuance by Caddy with empty storage and a new account.
caddy_issuance() {
	local prefix=$1 measured=$2 run=$3 timeout_ms=$4
	local dir="$work/runs/$prefix-$run"
	mkdir -p "$dir/home" "$dir/data" "$dir/config"
	write_caddyfile "$dir/Caddyfile"
	local lines_before
	lines_before=$(pebble_lines)
	now
	local start=$NOW
	HOME="$dir/home" XDG_DATA_HOME="$dir/data" XDG_CONFIG_HOME="$dir/config" \
		caddy run --config "$dir/Caddyfile" --adapter caddyfile > "$dir/caddy.log" 2>&1 &
	local caddy_pid=$!
	track $caddy_pid
	local ok=true
	poll_https $((start + timeout_ms)) || ok=false
	stop_pid $caddy_pid
	[ "$measured" = true ] || return 0
	if [ "$ok" = true ]; then
		record "$prefix-total" $((POLL_OK - start))
		record "$prefix-issue" $((POLL_OK - POLL_UP))
		record "$prefix-requests" "$(pebble_requests_since "$lines_before")"
		pebble_request_kinds_since "$lines_before" > "$work/data/$prefix-kinds"
	else
		record "$prefix-total.failed" "$run"
	fi
}

# One issuance by certbot in standalone mode with empty folders and a new account.
certbot_issuance() {
	local prefix=$1 measured=$2 run=$3
	local dir="$work/runs/$prefix-$run"
	mkdir -p "$dir"
	local lines_before
	lines_before=$(pebble_lines)
	now
	local start=$NOW
	local rc=0
	REQUESTS_CA_BUNDLE="$work/pebble-tls-ca.pem" timeout 120 certbot certonly --standalone \
		--server "$directory_url" --http-01-port "$http01_port" --http-01-address 127.0.0.1 \
		--config-dir "$dir/config" --work-dir "$dir/work" --logs-dir "$dir/logs" \
		--register-unsafely-without-email --agree-tos -n -d "$name" > "$dir/certbot.log" 2>&1 || rc=$?
	now
	[ "$measured" = true ] || return 0
	if [ "$rc" = 0 ] && [ -s "$dir/config/live/$name/fullchain.pem" ]; then
		record "$prefix-total" $((NOW - start))
		record "$prefix-requests" "$(pebble_requests_since "$lines_before")"
		pebble_request_kinds_since "$lines_before" > "$work/data/$prefix-kinds"
	else
		record "$prefix-total.failed" "$run"
	fi
}

# ---------------------------------------------------------------- scenarios

results="" # Markdown sections, in order

add() {
	results+="$*"$'\n'
}

# Scenarios 1 and 2: time to the first certificate, and ACME requests per issuance.
first_certificate() {
	say "Time to first certificate: 1 warm-up and $runs measured runs of each client"
	for run in $(seq 0 "$runs"); do
		local measured=true
		[ "$run" = 0 ] && measured=false
		app_issuance s1-app "$measured" "$run"
		caddy_issuance s1-caddy "$measured" "$run" 60000
		certbot_issuance s1-certbot "$measured" "$run"
	done
	# The storage of the last successful run (account and certificate) is the stored
	# state of later scenarios.
	local run
	for run in $(seq "$runs" -1 1); do
		if [ -s "$work/runs/s1-app-$run/storage/certificates/$name/current" ]; then
			cp -a "$work/runs/s1-app-$run/storage" "$work/stored"
			break
		fi
	done
	if [ ! -d "$work/stored" ]; then
		echo "The sample application got no certificate in any run; see the logs in $work/runs." >&2
		exit 1
	fi

	local app caddy certbot
	app=$(median s1-app-total)
	caddy=$(median s1-caddy-total)
	certbot=$(median s1-certbot-total)
	add "## 1. Time to first certificate (one name, empty storage, new account)"
	add ""
	add "From process start until an HTTPS request verifies against Pebble's root (certbot: the"
	add "command's wall time). \"Server up\" is the start of the first polling attempt that got any TLS"
	add "reply, a handshake or an alert. Tomcat accepts connections before it logs \"Tomcat started\", and the"
	add "starter begins to order when Spring Boot announces the web server, after that line. Ratio:"
	add "median divided by the sample application's median of the same kind (whole runs, or issuance)."
	add ""
	add "| client | runs ok | min | median | max | ratio |"
	add "|---|---|---|---|---|---|"
	add "$(timing_row "sample-app: process start to certificate served" s1-app-total "$app")"
	add "$(timing_row "Caddy $(caddy version | awk '{ print $1 }'): process start to certificate served" s1-caddy-total "$app")"
	add "$(timing_row "certbot $(certbot --version 2>&1 | awk '{ print $2 }') standalone: command wall time" s1-certbot-total "$app")"
	local issue
	issue=$(median s1-app-issue)
	add "$(timing_row "sample-app issuance: server up to certificate served (polling)" s1-app-issue "$issue" s1-app-total.failed)"
	add "$(timing_row "sample-app issuance: 'Tomcat started' to 'Installed certificate' (log)" s1-app-issue-log "$issue" s1-app-total.failed)"
	add "$(timing_row "sample-app: server up (polling) to 'Tomcat started' (log)" s1-app-up-to-started "$issue" s1-app-total.failed)"
	add "$(timing_row "Caddy issuance: server up to certificate served (polling)" s1-caddy-issue "$issue" s1-caddy-total.failed)"
	add ""
	add "Sample application vs Caddy, whole run: $(ratio "$app" "$caddy") times Caddy's median;"
	add "vs certbot: $(ratio "$app" "$certbot") times certbot's median."
	add ""

	add "## 2. ACME requests per issuance"
	add ""
	add "Requests in Pebble's log from process start until the client stopped (readiness probes go to"
	add "Pebble's management port, which does not log). Endpoints are from the last measured run."
	add ""
	add "| client | min | median | max | endpoints |"
	add "|---|---|---|---|---|"
	local client label
	for client in app caddy certbot; do
		case $client in
			app) label=sample-app ;;
			caddy) label=Caddy ;;
			certbot) label=certbot ;;
		esac
		local min mid max
		read -r min mid max <<< "$(stats "s1-$client-requests")"
		add "| $label | $min | $mid | $max | $(cat "$work/data/s1-$client-kinds" 2> /dev/null || echo n/a) |"
	done
	add ""
}


# An extra issuance with debug logging, to show where the time goes.
issuance_breakdown() {
	say "Issuance breakdown: one run with debug logging"
	local dir="$work/runs/breakdown"
	mkdir -p "$dir"
	fresh_storage "$dir/storage"

	now
	local start=$NOW
	start_app "$dir/app.log" --acme.storage-location="$dir/storage" \
		--logging.level.dev.acmeboot=DEBUG --logging.level.org.shredzone.acme4j=DEBUG
	poll_https $((start + 90000)) "$dir/app.log" 'Unable to obtain a certificate' || true
	stop_app

	add "## Where the issuance time goes"
	add ""
	add "One extra run of the sample application with debug logging, which itself adds some time."
	add "Each line is a step on the maintenance thread, in milliseconds after 'Tomcat started'."
	add ""

	local tomcat
	tomcat=$(log_time 'Tomcat started on' "$dir/app.log")
	if [ -z "$tomcat" ]; then
		add "The breakdown run failed; its log is in the work folder (--keep-work)."
		add ""
		return
	fi

	grep -E '\[cme-maintenance\]' "$dir/app.log" \
		| grep -E 'Obtaining|account key|Registered|(GET|HEAD|POST|POST-as-GET) https|Created order|Serving HTTP-01|is valid|Downloaded|Installed' \
		> "$dir/steps.log" || true
	add '```'
	local line at
	while read -r line; do
		at=$(date -d "${line%% *}" +%s%3N)
		add "$(printf '%+6d ms  %s' $((at - tomcat)) "$(sed -E 's/^.* : //' <<< "$line" | cut -c1-100)")"
	done < "$dir/steps.log"
	add '```'
	add ""
}

# Starts the sample application on a copy of the stored state, either managed by the
# starter or with the same PEM files as a static Spring Boot SSL bundle, and records
# the time to the first verified HTTPS response.
stored_start_run() {
	local prefix=$1 measured=$2 run=$3 mode=$4
	local dir="$work/runs/$prefix-$run"
	rm -rf "$dir"
	mkdir -p "$dir"
	cp -a "$work/stored" "$dir/storage"
	local version
	version=$(cat "$dir/storage/certificates/$name/current")
	local pem="$dir/storage/certificates/$name/$version"

	local lines_before
	lines_before=$(pebble_lines)
	now
	local start=$NOW
	if [ "$mode" = acme ]; then
		start_app "$dir/app.log" --acme.storage-location="$dir/storage"
	else
		start_app "$dir/app.log" --acme.enabled=false --server.ssl.bundle=static \
			--spring.ssl.bundle.pem.static.keystore.certificate="file:$pem/fullchain.pem" \
			--spring.ssl.bundle.pem.static.keystore.private-key="file:$pem/privkey.pem"
	fi

	local ok=true
	poll_https $((start + 90000)) || ok=false
	if [ "$measured" = true ] && [ "$ok" = true ]; then
		# Also lets the maintenance loop's first check end before requests are counted.
		record_memory "$prefix"
	fi
	stop_app

	[ "$measured" = true ] || return 0
	if [ "$ok" = false ]; then
		record "$prefix-total.failed" "$run"
		return 0
	fi

	record "$prefix-total" $((POLL_OK - start))
	local jvm
	jvm=$(grep -o -m1 'process running for [0-9.]*' "$dir/app.log" | awk '{ printf "%d", $4 * 1000 }')
	[ -z "$jvm" ] || record "$prefix-jvm" "$jvm"
	record "$prefix-requests" "$(pebble_requests_since "$lines_before")"

	local logged context tomcat
	logged=$(log_time 'Starting SampleApplication' "$dir/app.log")
	context=$(log_time 'Root WebApplicationContext: initialization completed' "$dir/app.log")
	tomcat=$(log_time 'Tomcat started on' "$dir/app.log")
	if [ -n "$logged" ] && [ -n "$context" ] && [ -n "$tomcat" ]; then
		record "$prefix-phase-boot" $((logged - start))
		record "$prefix-phase-context" $((context - logged))
		record "$prefix-phase-tomcat" $((tomcat - context))
		record "$prefix-phase-first" $((POLL_OK - tomcat))
	fi
}

# Scenario 3: start-up with a stored certificate against plain Spring Boot.
stored_start() {
	say "Start-up with a stored certificate: 1 warm-up and $runs measured runs of each set-up, alternating"
	for run in $(seq 0 "$runs"); do
		local measured=true
		[ "$run" = 0 ] && measured=false
		stored_start_run s3-acme "$measured" "$run" acme
		stored_start_run s3-static "$measured" "$run" static
	done

	local base
	base=$(median s3-static-total)
	add "## 3. Start-up with a certificate already stored"
	add ""
	add "The same jar and the same PEM files: managed by the starter, or as a static"
	add "\`spring.ssl.bundle.pem\` bundle with \`acme.enabled=false\`. From process start to the first"
	add "HTTPS response whose certificate verifies against Pebble's root. Runs alternate between the"
	add "two set-ups. \"JVM\" rows are Spring Boot's own \"process running for\" figure. Ratio: median"
	add "divided by the static bundle's median."
	add ""
	add "| set-up | runs ok | min | median | max | ratio |"
	add "|---|---|---|---|---|---|"
	add "$(timing_row "starter, stored certificate" s3-acme-total "$base")"
	add "$(timing_row "plain Spring Boot, static PEM bundle" s3-static-total "$base")"
	add "$(timing_row "starter (JVM)" s3-acme-jvm "$(median s3-static-jvm)" s3-acme-total.failed)"
	add "$(timing_row "plain Spring Boot (JVM)" s3-static-jvm "$(median s3-static-jvm)" s3-static-total.failed)"
	add ""
	add "ACME requests during a start with a stored certificate (median): $(median s3-acme-requests)."
	add "Heap in use after a full GC once started (median): starter $(megabytes s3-acme-heap-kb), plain"
	add "Spring Boot $(megabytes s3-static-heap-kb); resident memory: $(megabytes s3-acme-rss-kb) and"
	add "$(megabytes s3-static-rss-kb)."
	add ""

	add "Where the start-up time goes, from the application's log timestamps (medians):"
	add ""
	add "| phase | starter | plain Spring Boot | difference |"
	add "|---|---|---|---|"
	local phase label
	for phase in boot context tomcat first; do
		case $phase in
			boot) label="process start to 'Starting SampleApplication' (JVM and launcher)" ;;
			context) label="to 'Root WebApplicationContext: initialization completed' (beans)" ;;
			tomcat) label="to 'Tomcat started' (connectors, TLS set-up)" ;;
			first) label="to the first verified HTTPS response" ;;
		esac
		local a b
		a=$(median "s3-acme-phase-$phase")
		b=$(median "s3-static-phase-$phase")
		add "| $label | $(seconds "$a") | $(seconds "$b") | $(awk -v a="$a" -v b="$b" 'BEGIN { if (a == "n/a" || b == "n/a") print "n/a"; else printf "%+.3f s", (a - b) / 1000 }') |"
	done
	add ""
}

# One more start with a stored certificate, recorded with JDK Flight Recorder, to show
# how much of the main thread's start-up work runs inside the starter, and where. Then
# one start of each set-up that logs every class loaded.
startup_profile() {
	say "Start-up profile: one start with a stored certificate under JDK Flight Recorder"
	local dir="$work/runs/profile"
	rm -rf "$dir"
	mkdir -p "$dir"
	cp -a "$work/stored" "$dir/storage"

	now
	local start=$NOW
	JDK_JAVA_OPTIONS="-XX:FlightRecorderOptions:stackdepth=1024 -XX:StartFlightRecording:settings=profile" \
		start_app "$dir/app.log" --acme.storage-location="$dir/storage"
	local ok=true
	poll_https $((start + 90000)) || ok=false
	[ "$ok" = false ] || jcmd "$app_pid" JFR.dump filename="$dir/start.jfr" > /dev/null 2>&1 || true
	stop_app

	add "Profile of one more start of the starter with a stored certificate (JDK Flight Recorder,"
	add "\`settings=profile\`, Java and native method samples, from process start to the first verified"
	add "response). The recording itself slows the start, and time that the JVM spends defining and"
	add "verifying classes is not sampled:"
	add ""
	if [ ! -s "$dir/start.jfr" ]; then
		add "The profiled start failed; its log is in the work folder (--keep-work)."
		add ""
		return
	fi

	jfr print --stack-depth 1024 --events jdk.ExecutionSample,jdk.NativeMethodSample "$dir/start.jfr" \
		> "$dir/samples.txt"
	# For each sample of the main thread, the innermost frame of the starter's own code.
	awk -v totals="$dir/totals.txt" '
		/^jdk\.(ExecutionSample|NativeMethodSample)/ { thread = ""; innermost = ""; next }
		/sampledThread = / { thread = $0; sub(/.*sampledThread = "/, "", thread); sub(/".*/, "", thread); next }
		/^    dev\.acmeboot\.autoconfigure\./ && innermost == "" {
			innermost = $1
			sub(/\(.*/, "", innermost)
			sub(/^dev\.acmeboot\.autoconfigure\./, "", innermost)
		}
		/^}/ && thread == "main" {
			total++
			if (innermost != "") { starter++; count[innermost]++ }
		}
		END {
			print total + 0, starter + 0 > totals
			for (method in count) print count[method], method
		}' "$dir/samples.txt" | sort -rn > "$dir/methods.txt"

	local total starter
	read -r total starter < "$dir/totals.txt"
	if [ "$total" = 0 ]; then
		add "No samples of the main thread were recorded."
		add ""
		return
	fi
	add "- main thread: $total samples, $starter ($((100 * starter / total))%) with a starter method on the stack"
	local samples method
	while read -r samples method; do
		add "- $samples samples innermost in \`$method\`"
	done < <(head -n 6 "$dir/methods.txt")
	add ""

	say "Start-up profile: one start of each set-up that logs the classes it loads"
	local mode
	for mode in acme static; do
		JDK_JAVA_OPTIONS="-Xlog:class+load=info:file=$dir/classes-$mode.log" \
			stored_start_run "s3-classes-$mode" false 0 "$mode"
		# Lambda and other hidden classes get new names in every run, so their names are
		# cut before the part that changes.
		awk '{ name = $2; sub(/\$\$Lambda.*/, "$$Lambda", name); sub(/\/0x[0-9a-f]+$/, "", name); print name }' \
			"$dir/classes-$mode.log" \
			| sort -u > "$dir/classes-$mode.txt"
	done
	local starter_classes plain_classes
	starter_classes=$(wc -l < "$dir/classes-acme.txt")
	plain_classes=$(wc -l < "$dir/classes-static.txt")
	comm -23 "$dir/classes-acme.txt" "$dir/classes-static.txt" \
		| awk -F . '{ print (NF > 3) ? $1 "." $2 "." $3 : $0 }' | sort | uniq -c | sort -rn > "$dir/extra-packages.txt"
	add "Classes loaded by the first verified response (\`-Xlog:class+load\`, one start each): starter"
	add "$starter_classes, plain Spring Boot $plain_classes. The packages with the most classes that only the"
	add "starter's start loads:"
	local classes package
	while read -r classes package; do
		add "- \`$package\`: $classes"
	done < <(head -n 8 "$dir/extra-packages.txt")
	add ""
}

# Writes the given number of certificate folders for other names, signed by a local
# CA, in the storage layout of the starter's file store.
make_extra_certificates() {
	local total=$1
	local ca="$work/scale-ca"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj "/CN=Benchmark storage CA" -keyout "$ca.key" -out "$ca.pem" 2> /dev/null
	mkdir -p "$work/extras"
	# shellcheck disable=SC2016 # the script text is expanded by the inner bash
	seq 1 "$total" | xargs -P 2 -I{} bash -c '
		set -e
		i=$1 ca=$2 out=$3 stamp=$4
		domain=$(printf "site-%04d.example.test" "$i")
		serial=$((0x10000 + i))
		version=$(printf "%s-%x" "$stamp" "$serial")
		folder="$out/$domain/$version"
		mkdir -p -m 700 "$out/$domain" "$folder"
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$domain" \
			-addext "subjectAltName=DNS:$domain" -CA "$ca.pem" -CAkey "$ca.key" -set_serial "$serial" \
			-days 90 -keyout "$folder/privkey.pem" -out "$folder/cert.pem" 2> /dev/null
		cat "$folder/cert.pem" "$ca.pem" > "$folder/fullchain.pem"
		rm "$folder/cert.pem"
		chmod 600 "$folder/privkey.pem" "$folder/fullchain.pem"
		echo "$version" > "$out/$domain/current"
	' _ {} "$ca" "$work/extras" "$(date -u +%Y%m%dT%H%M%SZ)"
}

# Finds the Linux thread id of the starter's maintenance thread. Linux keeps the
# first 15 characters of a Java thread's name.
maintenance_thread() {
	local task
	for task in /proc/"$1"/task/*; do
		if [ "$(cat "$task/comm" 2> /dev/null)" = "acme-maintenanc" ]; then
			basename "$task"
			return 0
		fi
	done
	return 1
}

# Prints the CPU time in nanoseconds and the voluntary context switches of a thread.
thread_counters() {
	local task=/proc/$1/task/$2 cpu switches
	read -r cpu _ < "$task/schedstat"
	switches=$(awk '/^voluntary_ctxt_switches:/ { print $2 }' "$task/status")
	echo "$cpu $switches"
}

# Records the heap in use after a full GC and the resident memory of the application.
record_memory() {
	local prefix=$1
	jcmd "$app_pid" GC.run > /dev/null 2>&1 || true
	local used rss
	used=$(jcmd "$app_pid" GC.heap_info 2> /dev/null | grep -o -m1 'used [0-9]*K' | grep -o '[0-9]*' || true)
	[ -z "$used" ] || record "$prefix-heap-kb" "$used"
	rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$app_pid/status" 2> /dev/null || true)
	[ -z "$rss" ] || record "$prefix-rss-kb" "$rss"
}

# Formats a median of kilobytes from a data file as megabytes.
megabytes() {
	awk -v k="$(median "$1")" 'BEGIN { if (k == "n/a") print k; else printf "%.1f MB", k / 1024 }'
}

# One start of the sample application with the managed certificate among scale - 1
# other certificate folders: start-up time, then the maintenance loop's CPU time per
# pass over pass_seconds at a 1 s check interval, then the memory in use. A pass
# that does no I/O parks the thread once, so the voluntary context switches of the
# thread count the passes.
scale_run() {
	local scale=$1 measured=$2 run=$3
	local prefix="s5-$scale"
	local dir="$work/runs/$prefix-$run"
	rm -rf "$dir"
	mkdir -p "$dir"
	cp -a "$work/scale-storage-$scale" "$dir/storage"

	now
	local start=$NOW
	start_app "$dir/app.log" --acme.storage-location="$dir/storage" --acme.renewal.check-interval=1s
	local ok=true
	poll_https $((start + 90000)) || ok=false
	if [ "$ok" = false ]; then
		[ "$measured" = false ] || record "$prefix-start.failed" "$run"
		stop_app
		return 0
	fi
	[ "$measured" = false ] || record "$prefix-start" $((POLL_OK - start))

	sleep 1
	local tid
	if tid=$(maintenance_thread "$app_pid"); then
		local cpu0 passes0 cpu1 passes1 lines_before
		read -r cpu0 passes0 <<< "$(thread_counters "$app_pid" "$tid")"
		lines_before=$(pebble_lines)
		sleep "$pass_seconds"
		read -r cpu1 passes1 <<< "$(thread_counters "$app_pid" "$tid")"
		if [ "$measured" = true ] && [ $((passes1 - passes0)) -gt 0 ]; then
			record "$prefix-pass-us" $(((cpu1 - cpu0) / (passes1 - passes0) / 1000))
			record "$prefix-passes" $((passes1 - passes0))
			record "$prefix-pass-requests" "$(pebble_requests_since "$lines_before")"
		fi
	fi

	[ "$measured" = false ] || record_memory "$prefix"
	stop_app
}

# Scenario 5: many certificates in storage.
scale() {
	local largest=1 scale
	for scale in $scales; do
		if [ "$scale" -gt "$largest" ]; then
			largest=$scale
		fi
	done
	say "Storage scale: writing $((largest - 1)) certificate folders with openssl"
	make_extra_certificates $((largest - 1))

	for scale in $scales; do
		local storage="$work/scale-storage-$scale" i
		cp -a "$work/stored" "$storage"
		for i in $(seq 1 $((scale - 1))); do
			cp -a "$work/extras/$(printf 'site-%04d.example.test' "$i")" "$storage/certificates/"
		done
		say "Storage scale: $scale certificate folders, 1 warm-up and $runs measured runs"
		for run in $(seq 0 "$runs"); do
			local measured=true
			[ "$run" = 0 ] && measured=false
			scale_run "$scale" "$measured" "$run"
		done
	done

	local base
	base=$(median s5-1-start)
	add "## 5. Certificates in storage"
	add ""
	add "The starter manages one certificate per application (\`acme.domains\`): there is no support"
	add "for several certificates, so \"all bundles registered\" is one bundle here. What is measured"
	add "instead: the managed certificate stored among N - 1 other certificate folders in the same"
	add "layout (made with openssl and a local CA), start-up time to the first verified HTTPS response,"
	add "heap in use after a full GC once started (\`jcmd GC.run\`, then \`GC.heap_info\`), resident"
	add "memory, and one maintenance pass: CPU time of the \`acme-maintenance\` thread (from"
	add "\`/proc/<pid>/task/<tid>/schedstat\`) divided by its voluntary context switches, one per pass"
	add "that does no I/O, over ${pass_seconds} s with \`acme.renewal.check-interval=1s\` (about"
	add "$((pass_seconds * 1000 / 1050)) passes expected), and the ACME requests in that time."
	add ""
	add "| certificate folders | runs ok | start-up min | median | max | ratio | heap after GC (median) | RSS (median) | CPU per pass (median) | passes | ACME requests |"
	add "|---|---|---|---|---|---|---|---|---|---|---|"
	for scale in $scales; do
		local prefix="s5-$scale" min mid max
		read -r min mid max <<< "$(stats "$prefix-start")"
		local heap rss pass passes requests
		heap=$(megabytes "$prefix-heap-kb")
		rss=$(megabytes "$prefix-rss-kb")
		pass=$(awk -v u="$(median "$prefix-pass-us")" 'BEGIN { if (u == "n/a") print u; else printf "%.0f µs", u }')
		passes=$(median "$prefix-passes")
		requests=$(median "$prefix-pass-requests")
		add "| $scale | $(count "$prefix-start")/$(($(count "$prefix-start") + $(count "$prefix-start.failed"))) | $(seconds "$min") | $(seconds "$mid") | $(seconds "$max") | $(ratio "$mid" "$base") | $heap | $rss | $pass | $passes | $requests |"
	done
	add ""
}

wrk_field() {
	local file=$1 field=$2
	case $field in
		rps) awk '/^Requests\/sec:/ { print $2 }' "$file" ;;
		requests) awk '/ requests in / { print $1 }' "$file" ;;
		socket-errors) awk -F '[ ,]+' '/Socket errors:/ { s = $5 + $7 + $9 + $11 } END { print s + 0 }' "$file" ;;
		non2xx) awk '/Non-2xx or 3xx responses:/ { n = $5 } END { print n + 0 }' "$file" ;;
	esac
}

# Prints the kinds of failed requests in a wrk report that are not zero, such as
# "timeout 8", or nothing.
wrk_failures() {
	awk -F '[ ,]+' '
		/Socket errors:/ {
			for (i = 4; i < NF; i += 2) if ($(i + 1) > 0) printf "%s%s %s", (n++ ? ", " : ""), $i, $(i + 1)
		}
		/Non-2xx or 3xx responses:/ { printf "%snon-2xx %s", (n++ ? ", " : ""), $NF }
	' "$1"
}

# New TLS connections, one curl each, each verifying the certificate against Pebble's
# root, until the stop file appears.
handshake_loop() {
	local dir=$1 ok=0 failed=0 rc
	while [ ! -e "$dir/stop" ]; do
		rc=0
		curl -sf -o /dev/null --max-time 5 --cacert "$work/root.pem" \
			--resolve "$name:$https_port:127.0.0.1" "https://$name:$https_port/" || rc=$?
		if [ "$rc" = 0 ]; then
			ok=$((ok + 1))
		else
			failed=$((failed + 1))
			echo "curl exit code $rc" >> "$dir/handshake-failures.txt"
		fi
	done
	echo "$ok $failed" > "$dir/handshakes.txt"
}

# Asks the sample application to renew its certificate a number of times, evenly
# spread over the load phase after a one-second head start.
swap_loop() {
	local dir=$1 swaps=$2
	local spacing=$(((load_seconds * 1000 - 2000) / swaps))
	sleep 1
	now
	local begin=$NOW i
	for i in $(seq 1 "$swaps"); do
		now
		local before=$NOW rc=0
		curl -sf -o "$dir/swap-$i.txt" --max-time 60 -X POST --cacert "$work/root.pem" \
			--resolve "$name:$https_port:127.0.0.1" "https://$name:$https_port/benchmark/renew" || rc=$?
		now
		if [ "$rc" = 0 ]; then
			record s4-swap-ms $((NOW - before))
			echo "$i" >> "$dir/swaps-ok"
		else
			echo "$i curl exit code $rc" >> "$dir/swaps-failed"
		fi
		local next=$((begin + i * spacing))
		if [ "$NOW" -lt "$next" ]; then
			sleep "$(awk -v ms=$((next - NOW)) 'BEGIN { printf "%.3f", ms / 1000 }')"
		fi
	done
}

# One load phase: wrk on keep-alive connections, wrk with "Connection: close", and the
# verifying handshake loop. Without swaps it lasts load_seconds. With swaps it lasts
# until one second after the last swap, when wrk is stopped with SIGINT, on which it
# prints its figures as usual.
load_phase() {
	local dir=$1 swaps=$2
	mkdir -p "$dir"
	local url="https://127.0.0.1:$https_port/"
	local installed_before
	installed_before=$(grep -c 'Installed certificate' "$work/runs/swap/app.log" || true)

	local duration=$load_seconds
	[ "$swaps" = 0 ] || duration=$((load_seconds * 20))
	wrk -t1 -c"$keepalive_connections" -d"${duration}s" --timeout 5s "$url" > "$dir/keepalive.txt" 2>&1 &
	local keepalive_pid=$!
	track $keepalive_pid
	wrk -t1 -c"$close_connections" -d"${duration}s" --timeout 5s -H "Connection: close" "$url" \
		> "$dir/close.txt" 2>&1 &
	local close_pid=$!
	track $close_pid
	handshake_loop "$dir" &
	local loop_pid=$!
	track $loop_pid

	if [ "$swaps" -gt 0 ]; then
		swap_loop "$dir" "$swaps"
		sleep 1
		kill -INT $keepalive_pid $close_pid 2> /dev/null || true
	fi

	wait $keepalive_pid || true
	untrack $keepalive_pid
	wait $close_pid || true
	untrack $close_pid
	touch "$dir/stop"
	wait $loop_pid || true
	untrack $loop_pid

	local installed_after
	installed_after=$(grep -c 'Installed certificate' "$work/runs/swap/app.log" || true)
	echo $((installed_after - installed_before)) > "$dir/installed"
}

# Scenario 4: certificate swaps under load.
hot_swap() {
	say "Hot swap under load: $swap_repeats rounds of ${load_seconds} s without swaps, then $swap_count swaps"
	local dir="$work/runs/swap"
	mkdir -p "$dir"
	fresh_storage "$dir/storage"
	now
	local start=$NOW
	start_app "$dir/app.log" --acme.storage-location="$dir/storage" --sample.benchmark.renew-endpoint=true
	add "## 4. Certificate swaps under load"
	add ""
	if ! poll_https $((start + 90000)); then
		stop_app
		add "The application did not get its first certificate; the scenario did not run."
		add ""
		return
	fi
	wrk -t1 -c"$keepalive_connections" -d3s "https://127.0.0.1:$https_port/" > "$dir/warm-up.txt" 2>&1 || true
	local round
	for round in $(seq 1 "$swap_repeats"); do
		load_phase "$dir/before-$round" 0
		load_phase "$dir/during-$round" "$swap_count"
	done
	stop_app

	add "Each round loads the sample application for ${load_seconds} s without swaps (\"before\"). Then it"
	add "loads it while the application renews its certificate $swap_count times through a benchmark-only"
	add "endpoint, until 1 s after the last swap (\"during\"). A renewal request starts every"
	add "$(((load_seconds * 1000 - 2000) / swap_count)) ms, or as soon as the previous one ends when that takes longer. Load: wrk with"
	add "$keepalive_connections keep-alive connections, wrk with $close_connections connections sending \`Connection: close\` (a new"
	add "TLS handshake per request), and a loop of curl processes that each open a new connection and verify the certificate against"
	add "Pebble's root. Failed requests are wrk's socket errors plus non-2xx responses; failed"
	add "handshakes are curl exits other than 0."
	add ""
	add "| round | keep-alive req/s before | during | change | new-connection req/s before | during | failed requests before / during | verified handshakes ok / failed during | swaps ok | installed | length of \"during\" |"
	add "|---|---|---|---|---|---|---|---|---|---|---|"
	local total_failed_requests=0 total_failed_handshakes=0 total_swaps=0 total_installed=0 failure_notes=""
	for round in $(seq 1 "$swap_repeats"); do
		local b="$dir/before-$round" d="$dir/during-$round"
		local ka_before ka_during close_before close_during
		ka_before=$(wrk_field "$b/keepalive.txt" rps)
		ka_during=$(wrk_field "$d/keepalive.txt" rps)
		close_before=$(wrk_field "$b/close.txt" rps)
		close_during=$(wrk_field "$d/close.txt" rps)
		record s4-ka-before "${ka_before:-0}"
		record s4-ka-during "${ka_during:-0}"
		record s4-close-before "${close_before:-0}"
		record s4-close-during "${close_during:-0}"
		local failed_before=0 failed_during=0 file
		for file in keepalive close; do
			failed_before=$((failed_before + $(wrk_field "$b/$file.txt" socket-errors) + $(wrk_field "$b/$file.txt" non2xx)))
			failed_during=$((failed_during + $(wrk_field "$d/$file.txt" socket-errors) + $(wrk_field "$d/$file.txt" non2xx)))
		done
		local handshakes_ok handshakes_failed
		read -r handshakes_ok handshakes_failed < "$d/handshakes.txt"
		local swaps_ok installed length
		swaps_ok=$(wc -l < "$d/swaps-ok" 2> /dev/null || echo 0)
		installed=$(cat "$d/installed")
		length=$(awk '/ requests in / { sub(/,$/, "", $4); print $4 }' "$d/keepalive.txt")
		total_failed_requests=$((total_failed_requests + failed_during))
		total_failed_handshakes=$((total_failed_handshakes + handshakes_failed))
		total_swaps=$((total_swaps + swaps_ok))
		total_installed=$((total_installed + installed))
		local phase kind details
		for phase in before during; do
			for kind in keepalive close; do
				details=$(wrk_failures "$dir/$phase-$round/$kind.txt")
				if [ -n "$details" ]; then
					if [ "$kind" = keepalive ]; then
						kind="keep-alive"
					else
						kind="\`Connection: close\`"
					fi
					failure_notes+="round $round, $phase, wrk on $kind connections: $details"$'\n'
				fi
			done
		done
		add "| $round | $ka_before | $ka_during | $(awk -v a="$ka_during" -v b="$ka_before" 'BEGIN { if (b > 0) printf "%+.1f%%", (a / b - 1) * 100; else print "n/a" }') | $close_before | $close_during | $failed_before / $failed_during | $handshakes_ok / $handshakes_failed | $swaps_ok/$swap_count | $installed | ${length:-n/a} |"
	done
	echo "$total_failed_requests $total_failed_handshakes $total_swaps $total_installed" > "$work/data/s4-totals"
	add ""
	add "Median keep-alive req/s: $(median s4-ka-before) before, $(median s4-ka-during) during"
	add "($(awk -v a="$(median s4-ka-during)" -v b="$(median s4-ka-before)" 'BEGIN { if (b > 0) printf "%+.1f%%", (a / b - 1) * 100; else print "n/a" }'))."
	add "Median new-connection req/s: $(median s4-close-before) before, $(median s4-close-during) during."
	add "Across all rounds with swaps: $total_swaps swaps succeeded, $total_installed certificates installed,"
	add "$total_failed_requests failed requests and $total_failed_handshakes failed verified handshakes."
	local min mid max
	read -r min mid max <<< "$(stats s4-swap-ms)"
	add "Time of one renewal request under load (order to served): min $(seconds "$min"), median"
	add "$(seconds "$mid"), max $(seconds "$max")."
	add ""
	if [ -n "$failure_notes" ] || [ "$total_failed_handshakes" -gt 0 ]; then
		add "Failures:"
		add ""
		local note
		while IFS= read -r note; do
			[ -z "$note" ] || add "- $note."
		done <<< "$failure_notes"
		if [ "$total_failed_handshakes" -gt 0 ]; then
			add "- curl exit codes of the failed handshakes: $(cat "$dir"/during-*/handshake-failures.txt | sort | uniq -c | awk '{ printf "%s%s x%s", (NR > 1 ? ", " : ""), $NF, $1 }')."
		fi
		add "- The logs of this run are kept in \`$work\`."
		add ""
		# Keeps the logs of this run for a closer look.
		keep_work=true
	fi
}

# Scenario 6: issuance while Pebble rejects a share of valid nonces.
bad_nonce() {
	local rate
	for rate in $nonce_rates; do
		start_pebble "$rate"
		say "Issuance with $rate% of nonces rejected: 1 warm-up and $runs measured runs of each client"
		local run
		for run in $(seq 0 "$runs"); do
			local measured=true
			[ "$run" = 0 ] && measured=false
			app_issuance "s6-$rate-app" "$measured" "$run"
			caddy_issuance "s6-$rate-caddy" "$measured" "$run" 30000
			certbot_issuance "s6-$rate-certbot" "$measured" "$run"
		done
	done

	add "## 6. Issuance with rejected nonces"
	add ""
	add "Pebble rejects the given share of valid nonces with \`badNonce\` (\`PEBBLE_WFE_NONCEREJECT\`;"
	add "5% is Pebble's default). A run succeeds when the certificate is served (certbot: exit code 0)"
	add "within 90 s for the sample application (which ends a run early when it logs the failure),"
	add "30 s for Caddy and 120 s for certbot. Times are over successful runs only."
	add ""
	add "| rejected nonces | client | succeeded | min | median | max | ACME requests (median) |"
	add "|---|---|---|---|---|---|---|"
	for rate in $nonce_rates; do
		local client label
		for client in app caddy certbot; do
			case $client in
				app) label="sample-app (process start to served)" ;;
				caddy) label="Caddy (process start to served)" ;;
				certbot) label="certbot (wall time)" ;;
			esac
			local key="s6-$rate-$client-total" min mid max
			read -r min mid max <<< "$(stats "$key")"
			add "| $rate% | $label | $(count "$key")/$(($(count "$key") + $(count "$key.failed"))) | $(seconds "$min") | $(seconds "$mid") | $(seconds "$max") | $(median "s6-$rate-$client-requests") |"
		done
		local key="s6-$rate-app-issue" min mid max
		read -r min mid max <<< "$(stats "$key")"
		add "| $rate% | sample-app issuance (server up to served) | $(count "$key")/$(($(count "$key") + $(count "s6-$rate-app-total.failed"))) | $(seconds "$min") | $(seconds "$mid") | $(seconds "$max") | |"
	done
	add ""
}

# Compares the medians with the targets.
targets() {
	local issue requests acme static swaps_failed="" handshakes_failed=""
	issue=$(median s1-app-issue)
	requests=$(median s1-app-requests)
	acme=$(median s3-acme-total)
	static=$(median s3-static-total)
	if [ -f "$work/data/s4-totals" ]; then
		read -r swaps_failed handshakes_failed _ < "$work/data/s4-totals"
	fi
	add "## Targets"
	add ""
	add "| target | measured | verdict |"
	add "|---|---|---|"
	add "| issuance (server up to certificate served) median at most 0.30 s | $(seconds "$issue") | $(awk -v v="$issue" 'BEGIN { if (v == "n/a") print "n/a"; else if (v <= 300) print "met"; else printf "missed by %.3f s (%.0f%% over)", (v - 300) / 1000, (v / 300 - 1) * 100 }') |"
	add "| at most 10 ACME requests for a new account | $requests | $(awk -v v="$requests" 'BEGIN { if (v == "n/a") print "n/a"; else if (v <= 10) print "met"; else printf "missed by %d", v - 10 }') |"
	add "| start with a stored certificate within 5% of plain Spring Boot | $(ratio "$acme" "$static") times | $(awk -v a="$acme" -v b="$static" 'BEGIN { if (a == "n/a" || b == "n/a") print "n/a"; else if (a <= b * 1.05) print "met"; else printf "missed by %.1f points (%.3f s)", (a / b - 1.05) * 100, (a - b * 1.05) / 1000 }') |"
	local swap_verdict=n/a
	if [ -n "$swaps_failed" ]; then
		swap_verdict=missed
		if [ "$swaps_failed" = 0 ] && [ "$handshakes_failed" = 0 ]; then
			swap_verdict=met
		fi
	fi
	add "| zero failed requests across swaps | ${swaps_failed:-n/a} failed requests, ${handshakes_failed:-n/a} failed verified handshakes | $swap_verdict |"
	add ""
}

# ---------------------------------------------------------------- main

machine_summary() {
	local cpu memory
	cpu=$(awk -F ': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2> /dev/null || echo unknown)
	memory=$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2> /dev/null || echo unknown)
	local os
	os=$(uname -sr)
	if [ -r /etc/os-release ]; then
		# shellcheck source=/dev/null
		os=$(. /etc/os-release && echo "$PRETTY_NAME")
	fi
	package_version() {
		dpkg-query -W -f='${Version}' "$1" 2> /dev/null || echo unknown
	}
	echo "- Machine: $(nproc) cores ($cpu), $memory memory, $os, kernel $(uname -r)"
	echo "- JDK: $(java -version 2>&1 | head -n 1)"
	echo "- Versions: starter $(git -C "$repo" rev-parse --short HEAD 2> /dev/null || echo unknown)$(git -C "$repo" diff --quiet HEAD 2> /dev/null || echo ' (with uncommitted changes)'), Spring Boot 4.0.7, acme4j 4.0.0; Pebble $(package_version pebble), Caddy $(caddy version | awk '{ print $1 }'), certbot $(certbot --version 2>&1 | awk '{ print $2 }'), wrk $(package_version wrk), curl $(curl --version | awk 'NR == 1 { print $2 }')"
}

main() {
	ensure_tools
	check_ports
	work=$(mktemp -d /tmp/acme-benchmark.XXXXXX)
	mkdir -p "$work/data" "$work/runs"
	if [ "$build" = true ]; then
		say "Building the sample application"
		(cd "$repo" && ./mvnw -q -B -Dmaven.test.skip=true -pl sample-app -am package)
	fi
	if [ ! -f "$jar" ]; then
		echo "Missing $jar; run without --skip-build." >&2
		exit 1
	fi

	now
	local began=$NOW
	local load_before
	load_before=$(cut -d ' ' -f 1-3 /proc/loadavg)
	make_pebble_tls
	start_dns
	start_pebble 0

	first_certificate
	issuance_breakdown
	stored_start
	startup_profile
	hot_swap
	scale
	bad_nonce
	targets
	now
	local minutes
	minutes=$(awk -v ms=$((NOW - began)) 'BEGIN { printf "%.1f", ms / 60000 }')

	{
		echo "# Benchmark results"
		echo
		[ -z "$note" ] || { echo "**$note**"; echo; }
		if [ "$quick" = true ]; then
			echo "**Quick run (\`--quick\`): $runs measured runs per scenario and a smaller scale. The figures"
			echo "show that the harness works; they are not the benchmark.**"
			echo
		fi
		echo "- Date: $(date -u +%Y-%m-%dT%H:%MZ)"
		echo "- Command: \`$command_line\`"
		machine_summary
		echo "- Load average (1, 5, 15 min): $load_before at start, $(cut -d ' ' -f 1-3 /proc/loadavg) at end"
		echo "- Duration: $minutes minutes; $runs measured runs after 1 warm-up run per scenario"
		echo "- Pebble: \`PEBBLE_VA_NOSLEEP=1\`, \`PEBBLE_WFE_NONCEREJECT=0\` except in scenario 6, authorization"
		echo "  reuse left at Pebble's default; DNS from \`pebble-challtestsrv\` resolves every name to 127.0.0.1"
		echo "- JVM: default options of the JDK above (no heap or GC flags)"
		echo
		echo "How each figure is taken is described in [README.md](README.md)."
		echo
		printf '%s' "$results"
	} > "$output.tmp"
	mv "$output.tmp" "$output"
	cat "$output"
	say "Results written to $output"
	finished=true
}

main
