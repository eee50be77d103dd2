#!/usr/bin/env bash
# Imports the member lists and the designations of ../shared/sources/news_designations_2016_2025
# (written out here as names, places and roles with their news row ids: facts only).
# Rerun from the repository root after the facilities change: the matcher picks the ids by name again;
# a membership or fact already in data/ is not added twice. The networks are rows of data/networks.csv.
# Not in designations.csv, as no designation: rows 18-22 (input hospitals of 国家区域医疗中心
# 建设项目, centres being built, not designated), 23 (the project's output hospital), 36 (a
# membership of an association), 37 (卒中中心 under construction), 38 (创伤中心 建设单位),
# 50 (重点专科 建设项目).
set -euo pipefail
cd "$(dirname "$0")/../../.."
datakit=${DATAKIT:-target/release/datakit}
here=data/keepers/news_2016_2025
"$datakit" members import "$here/cdlyy_chest_pain_network.csv" --network cpc-network-cdlyy --apply
"$datakit" members import "$here/wdkny_icu_alliance.csv" --network alliance-wdkny-icu --apply
"$datakit" members import "$here/cqszyy_medical_consortium.csv" --network mc-cqtcmh-chuanyu --apply
"$datakit" members import "$here/cqszyy_dermatology_alliance.csv" --network alliance-cqtcmh-dermatology --apply
"$datakit" facts import "$here/designations.csv" --map "$here/designations.toml" --apply
"$datakit" check
