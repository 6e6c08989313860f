#!/usr/bin/env bash
# Installs what building and testing login_ratelimit needs on Debian/Ubuntu, if it is missing.
# Usage: scripts/bootstrap.sh [build|test|bench|demo]
set -euo pipefail

want=${1:-build}
packages=(php8.2-cli php8.2-dev clang libclang-dev)
commands=(php php-config clang)
if [ "$want" = test ] || [ "$want" = bench ] || [ "$want" = demo ]; then
    # The TYPO3 package's limiters answer with Symfony's RateLimit.
    packages+=(php-symfony-rate-limiter)
fi
if [ "$want" = test ] || [ "$want" = bench ]; then
    packages+=(php8.2-fpm libfcgi-bin valgrind redis-server fail2ban apache2 libapache2-mod-php8.2 faketime)
    commands+=(cgi-fcgi php-fpm8.2 fail2ban-regex apache2 redis-server redis-cli faketime)
    # The TYPO3 package's PHPUnit suite: a Symfony container that loads Configuration/Services.php
    # as TYPO3 does, Symfony's console for the command, PSR-7 requests.
    packages+=(phpunit php8.2-xml php8.2-mbstring php-symfony-dependency-injection php-symfony-config
        php-symfony-console php-psr-log php-psr-container php-psr-http-message php-nyholm-psr7)
    commands+=(phpunit)
fi
if [ "$want" = bench ]; then
    packages+=(php-symfony-cache php-apcu php-redis php8.2-sqlite3)
fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "login_ratelimit needs these packages: ${missing[*]}" >&2
    echo "Install them as root, for example: sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
echo "Installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Server packages (php8.2-fpm, apache2) would start the system's services from their install
# scripts: the tests start their own servers on loopback instead, and without an init system a
# start attempt can fail the whole install. A policy-rc.d that says no (unless one is already
# there) keeps every service stopped while installing.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 0755 "$policy"
    trap 'rm -f "$policy"' EXIT
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
for command in "${commands[@]}"; do
    command -v "$command" >/dev/null || { echo "$command is still missing" >&2; exit 1; }
done
