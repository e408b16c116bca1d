#!/bin/sh
# Checks the alert rules with promtool (Debian: apt-get install prometheus): syntax and templates of every rule,
# then the unit tests in payment-relay-alerts.test.yaml. Needs python3 with PyYAML.
#   sh deploy/prometheus/check-alerts.sh
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The rule groups are `.spec` of the PrometheusRule object.
python3 -c 'import sys,yaml; yaml.safe_dump(yaml.safe_load(sys.stdin)["spec"], sys.stdout, sort_keys=False)' \
  < "$here/payment-relay-alerts.yaml" > "$work/rules.yml"
promtool check rules "$work/rules.yml"
# The unit tests compare labels and timing; annotations (prose) are dropped so that they can change freely.
python3 -c '
import sys, yaml
spec = yaml.safe_load(sys.stdin)["spec"]
for group in spec["groups"]:
    for rule in group["rules"]:
        rule.pop("annotations", None)
yaml.safe_dump(spec, sys.stdout, sort_keys=False)' < "$here/payment-relay-alerts.yaml" > "$work/payment-relay.rules.yml"
cp "$here/payment-relay-alerts.test.yaml" "$work/"
promtool test rules "$work/payment-relay-alerts.test.yaml"
