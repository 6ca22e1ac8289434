#!/usr/bin/env bash
# A single-node Ceph (mon + memstore OSD) and its S3 gateway (radosgw) on loopback,
# all under $D, for the tests that prove ScanShare runs on a bucket under S3 Object
# Lock: radosgw enforces it (a COMPLIANCE-locked version cannot be deleted), which
# the local S3-compatible server does not implement. From the team's verified recipe
# (shared/recipes/ceph-object-lock-s3.sh, Debian 12, ceph 16.2), plus pid files so
# tests/support/ceph/ceph-object-lock.ts can stop the daemons, and an S3 user.
# memstore keeps objects in RAM: test use only. Needs: radosgw ceph-mon ceph-osd ceph-common uuid-runtime.
#   D=<empty dir> MONPORT=… RGWPORT=… ACCESS_KEY=… SECRET_KEY=… bash start-ceph.sh
set -euo pipefail
D=${D:?set D to an empty scratch folder}; ACCESS_KEY=${ACCESS_KEY:?}; SECRET_KEY=${SECRET_KEY:?}; [ -z "$(ls -A "$D" 2>/dev/null)" ] || { echo "D=$D is not empty" >&2; exit 1; }; mkdir -p $D/mon $D/osd $D/log $D/run
FSID=$(uuidgen); MONPORT=${MONPORT:-26789}; RGWPORT=${RGWPORT:-27480}
cat > $D/ceph.conf <<C
[global]
fsid = $FSID
mon host = v2:127.0.0.1:$MONPORT
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
mon data avail warn = 5
mon data avail crit = 2
auth allow insecure global id reclaim = false
osd crush chooseleaf type = 0
run dir = $D/run
pid file = $D/run/\$name.pid
log file = $D/log/\$name.log
admin socket = $D/run/\$name.asok
keyring = $D/keyring
ms bind ipv6 = false
[mon.a]
mon data = $D/mon
[osd.0]
osd data = $D/osd
osd objectstore = memstore
keyring = $D/osd/keyring
memstore device bytes = 2147483648
[client.rgw.a]
keyring = $D/keyring
rgw frontends = beast endpoint=127.0.0.1:$RGWPORT
rgw data = $D/rgw
C
export CEPH_CONF=$D/ceph.conf
ceph-authtool --create-keyring $D/keyring --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool $D/keyring --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' --cap mds 'allow *' >/dev/null
monmaptool --create --addv a "[v2:127.0.0.1:$MONPORT]" --fsid $FSID $D/monmap >/dev/null
ceph-mon --mkfs -i a --monmap $D/monmap --keyring $D/keyring -c $D/ceph.conf
ceph-mon -i a -c $D/ceph.conf
sleep 2
OSDID=$(ceph -c $D/ceph.conf osd create)
ceph-osd -i $OSDID --mkfs --mkkey --no-mon-config -c $D/ceph.conf
ceph -c $D/ceph.conf auth add osd.$OSDID osd 'allow *' mon 'allow profile osd' -i $D/osd/keyring
ceph -c $D/ceph.conf osd crush add osd.$OSDID 1.0 host=localhost root=default 2>/dev/null || ceph -c $D/ceph.conf osd crush add osd.$OSDID 1.0 root=default
ceph-osd -i $OSDID -c $D/ceph.conf
ceph -c $D/ceph.conf auth get-or-create client.rgw.a mon 'allow rw' osd 'allow rwx' >> $D/keyring
mkdir -p $D/rgw
radosgw -c $D/ceph.conf -n client.rgw.a
radosgw-admin -c $D/ceph.conf user create --uid=scanshare --display-name=scanshare --access-key="$ACCESS_KEY" --secret="$SECRET_KEY" >/dev/null
echo "fsid=$FSID rgw=http://127.0.0.1:$RGWPORT"
