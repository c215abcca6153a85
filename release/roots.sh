# Debian roots for `make dist-check` (sourced by check.sh): made with debootstrap --variant=minbase
# from Debian's mirror into .scratch/roots/ (git-ignored, kept between runs), foreign ones run
# through qemu-user-static registered with binfmt_misc. Needs root (chroot, mount).

MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
roots="$root/.scratch/roots"

# Registers qemu-aarch64 with binfmt_misc: F opens the interpreter now, so it also works inside
# a chroot that does not contain it. The magic and mask are those of Debian's qemu-user-static.
binfmt_aarch64() {
    host_install qemu-aarch64-static qemu-user-static
    misc=/proc/sys/fs/binfmt_misc
    [ -e "$misc/register" ] || mount -t binfmt_misc binfmt_misc "$misc"
    [ -e "$misc/qemu-aarch64" ] && return 0
    printf '%s' ':qemu-aarch64:M::\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00:\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:/usr/bin/qemu-aarch64-static:F' \
        > "$misc/register"
}

# make_root NAME SUITE ARCH: a minimal Debian root at $roots/NAME (made once).
make_root() {
    dir="$roots/$1"
    [ -f "$dir/.complete" ] && return 0
    host_install debootstrap debootstrap
    unmount_all "$dir"
    rm -rf --one-file-system "$dir" && mkdir -p "$roots"
    debootstrap --variant=minbase --arch="$3" "$2" "$dir" "$MIRROR" > "$roots/$1.log" 2>&1 \
        || { tail -20 "$roots/$1.log"; return 1; }
    touch "$dir/.complete"
}

# Unmounts whatever an interrupted run left mounted under a root (deepest first), so that nothing
# can ever delete through a bind mount of /dev.
unmount_all() {
    for m in $(awk -v d="$1/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r); do
        umount "$m" || umount -l "$m"
    done
}

# in_root NAME COMMAND...: runs a shell command inside the root, with /proc and /dev mounted for
# the time of the command and this machine's resolver (for apt).
in_root() {
    dir="$roots/$1"; shift
    unmount_all "$dir"
    cp /etc/resolv.conf "$dir/etc/resolv.conf"
    mount -t proc proc "$dir/proc"
    mount --bind /dev "$dir/dev"
    status=0
    chroot "$dir" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
        /bin/sh -c "$*" || status=$?
    umount "$dir/dev"
    umount "$dir/proc"
    return $status
}

# root_packages NAME PACKAGE...: installs Debian packages inside the root (once each).
root_packages() {
    name=$1; shift
    in_root "$name" "dpkg -s $* >/dev/null 2>&1 || { apt-get update -qq && \
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $* >/dev/null; }"
}

# no_ca_bundle NAME: removes ca-certificates if a package pulled it in, and proves it is gone.
no_ca_bundle() {
    in_root "$1" "dpkg --purge --force-depends ca-certificates >/dev/null 2>&1; \
        rm -rf /etc/ssl/certs/*; ! dpkg -s ca-certificates >/dev/null 2>&1 && \
        [ ! -e /etc/ssl/certs/ca-certificates.crt ] && \
        echo \"no CA bundle: ca-certificates not installed, \$(ls /etc/ssl/certs | wc -l) files in /etc/ssl/certs\""
}
