#!/bin/sh
# Checks the synthetic records with real validators: one LA's records
# (package records, 20,000 children, two years) are written to a
# temporary folder, every CIN census file is validated with xmllint
# (Debian's libxml2-utils, installed if missing) against
# records/cin_census.xsd, and the SSDA903 files are checked against the
# specification's columns, formats and code lists (records.CheckSSDA903).
# CIN_REFERENCE_XSD=path/to/DfE/CIN_schema.xsd validates against it too.
set -eu
cd "$(dirname "$0")/.."
GO=${GO:-go}
if ! command -v xmllint >/dev/null 2>&1; then
	echo "installing libxml2-utils (xmllint)"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get install -y libxml2-utils >/dev/null 2>&1 ||
		{ $SUDO apt-get update >/dev/null && $SUDO apt-get install -y libxml2-utils >/dev/null; }
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
CASELOAD_RECORDS_DIR="$dir" $GO test ./records -run '^TestDump$' -count=1 >/dev/null
n=0
for f in "$dir"/cin_census*.xml; do
	xmllint --noout --schema records/cin_census.xsd "$f"
	# DfE's own schema too, when a copy is given (not shipped)
	[ -z "${CIN_REFERENCE_XSD:-}" ] || xmllint --noout --schema "$CIN_REFERENCE_XSD" "$f"
	n=$((n + 1))
done
# the schema must refuse a code outside its list
sed '0,/<ReferralSource>[^<]*</s//<ReferralSource>ZZ</' "$dir/$(ls "$dir" | grep cin_census | head -1)" >"$dir/bad.xml"
if xmllint --noout --schema records/cin_census.xsd "$dir/bad.xml" 2>/dev/null; then
	echo "records-check: the schema accepted a referral source ZZ" >&2
	exit 1
fi
[ "$n" -gt 0 ] || { echo "records-check: no CIN census file written" >&2; exit 1; }
$GO test ./records -run '^TestSSDA903Valid$' -count=1 >/dev/null
echo "records-check: $n CIN census files valid against records/cin_census.xsd; SSDA903 files valid"
