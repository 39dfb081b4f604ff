#!/usr/bin/env bash
# Runs the sample application against a local Pebble ACME CA and shows the
# certificate it obtains. Everything listens on 127.0.0.1 only.
#
# Usage: sample-app/run-demo.sh [--keep-running]
#   --keep-running  leave Pebble and the application up until Ctrl-C
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work="$repo/.acme-demo"
keep_running=false
[ "${1:-}" = "--keep-running" ] && keep_running=true

acme_port=14000
management_port=15000
dns_port=8053
http01_port=5002
https_port=8443
name=app.example.test

for tool in pebble pebble-challtestsrv openssl curl java; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "Missing '$tool'. Install it first, for example: sudo apt-get install -y pebble openssl curl openjdk-17-jdk-headless" >&2
		exit 1
	fi
done
for port in $acme_port $management_port $dns_port $http01_port $https_port; do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		echo "Port $port on 127.0.0.1 is already in use; stop what listens there and run the demo again." >&2
		exit 1
	fi
done

pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

rm -rf "$work"
mkdir -p -m 700 "$work" "$work/storage"
cd "$work"

echo "==> Creating a throwaway TLS certificate for Pebble's own HTTPS port"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
	-subj "/CN=Demo CA for Pebble" -keyout pebble-ca.key -out pebble-ca.pem 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
	-keyout pebble.key -out pebble.csr 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > pebble.ext
openssl x509 -req -in pebble.csr -CA pebble-ca.pem -CAkey pebble-ca.key -CAcreateserial -days 2 \
	-extfile pebble.ext -out pebble.pem 2>/dev/null

cat > pebble-config.json <<JSON
{
  "pebble": {
    "listenAddress": "127.0.0.1:$acme_port",
    "managementListenAddress": "127.0.0.1:$management_port",
    "certificate": "$work/pebble.pem",
    "privateKey": "$work/pebble.key",
    "httpPort": $http01_port,
    "tlsPort": 5001,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": false
  }
}
JSON

echo "==> Starting Pebble on https://127.0.0.1:$acme_port/dir (its DNS answers 127.0.0.1 for every name)"
pebble-challtestsrv -dns01 "127.0.0.1:$dns_port" -http01 "" -https01 "" -tlsalpn01 "" \
	-management "127.0.0.1:8056" -defaultIPv4 127.0.0.1 -defaultIPv6 "" > challtestsrv.log 2>&1 &
pids+=($!)
PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 pebble -config pebble-config.json \
	-dnsserver "127.0.0.1:$dns_port" > pebble.log 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
	curl -s --cacert pebble-ca.pem "https://127.0.0.1:$acme_port/dir" >/dev/null && break
	sleep 0.1
done

echo "==> Building the sample application"
(cd "$repo" && ./mvnw -q -B -Dmaven.test.skip=true install)

echo "==> Starting the sample application on https://127.0.0.1:$https_port"
(cd "$repo" && exec java -jar sample-app/target/sample-app-0.1.0-SNAPSHOT.jar \
	--acme.storage-location="$work/storage" \
	--spring.ssl.bundle.pem.pebble.truststore.certificate="file:$work/pebble-ca.pem") > app.log 2>&1 &
pids+=($!)

echo "==> Waiting for a certificate signed by Pebble's root"
curl -s --cacert pebble-ca.pem "https://127.0.0.1:$management_port/roots/0" > pebble-root.pem
issued=false
for _ in $(seq 1 120); do
	if curl -s --cacert pebble-root.pem --resolve "$name:$https_port:127.0.0.1" "https://$name:$https_port/" > response.txt 2>/dev/null; then
		issued=true
		break
	fi
	sleep 0.5
done
if [ "$issued" != true ]; then
	echo "No certificate from Pebble within 60 s. The application log follows:" >&2
	tail -n 40 app.log >&2
	exit 1
fi

echo
echo "The application answered over HTTPS with a certificate that verifies against Pebble's root"
echo "(Pebble issues certificates valid for five years; Let's Encrypt issues shorter ones):"
echo "  response: $(cat response.txt)"
openssl s_client -connect "127.0.0.1:$https_port" -servername "$name" </dev/null 2>/dev/null \
	| openssl x509 -noout -subject -issuer -ext subjectAltName -dates | sed 's/^/  /'
grep -E "Serving|Answering|Obtaining|Installed" app.log | sed 's/^.*INFO [0-9]* --- /  log: /' || true
echo
if [ "$keep_running" = true ]; then
	echo "Try: curl --cacert $work/pebble-root.pem --resolve $name:$https_port:127.0.0.1 https://$name:$https_port/"
	echo "Press Ctrl-C to stop."
	wait
fi
