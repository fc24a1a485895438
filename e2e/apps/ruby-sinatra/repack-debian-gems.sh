#!/usr/bin/env bash
# How the Debian gems of vendor/cache were made (rubygems.org is not reachable from Berth's machines): Debian
# bookworm ships these gems unpacked (ruby-sinatra, ruby-rack, …); this repacks each one into a
# .gem with Debian's own gemspec and every file the package installed. Run it as root in
# berth/builder from this folder:
#   docker run --rm -v "$PWD:/sample" -w /sample berth/builder:latest bash repack-debian-gems.sh
set -euo pipefail
packages=(ruby-sinatra ruby-rack ruby-rack-protection ruby-mustermann ruby-tilt ruby-webrick ruby3.1 libruby3.1 libyaml-0-2 rubygems-integration ruby-rubygems)
work=$(mktemp -d)
apt=(-o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs" "$work/root"
apt-get "${apt[@]}" update -qq
(cd "$work/debs" && apt-get "${apt[@]}" download "${packages[@]}")
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
R=$work/root
export LD_LIBRARY_PATH=$R/usr/lib/x86_64-linux-gnu
export RUBYLIB=$R/usr/lib/ruby/vendor_ruby:$R/usr/lib/ruby/3.1.0:$R/usr/lib/x86_64-linux-gnu/ruby/3.1.0
for spec in "$R"/usr/share/rubygems-integration/all/specifications/*.gemspec; do
  full=$(basename "$spec" .gemspec)
  name=${full%-*}
  case "$name" in sinatra|rack|rack-protection|mustermann|tilt|webrick) ;; *) continue ;; esac
  stage="$work/stage/$full"
  mkdir -p "$stage"
  if [ -d "$R/usr/share/rubygems-integration/all/gems/$full" ]; then
    cp -a "$R/usr/share/rubygems-integration/all/gems/$full/." "$stage/"
  else # tilt: Debian puts its lib/ into vendor_ruby
    mkdir -p "$stage/lib" && cp -a "$R/usr/lib/ruby/vendor_ruby/$name" "$R/usr/lib/ruby/vendor_ruby/$name.rb" "$stage/lib/"
  fi
  (cd "$stage" && "$R/usr/bin/ruby3.1" -rrubygems -rrubygems/package -e '
    spec = Gem::Specification.load(ARGV[0])
    spec.files = Dir.glob("**/*").select { |f| File.file?(f) }.sort
    # (Debian keeps tilt'\''s command out of the package: a gem lists only what it has)
    spec.executables = spec.executables.select { |e| File.file?(File.join(spec.bindir, e)) }
    puts Gem::Package.build(spec)' "$spec")
  cp "$stage/$full.gem" vendor/cache/
done
rm -rf "$work"
ls -l vendor/cache
