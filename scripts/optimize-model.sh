#!/usr/bin/env bash
# Regenerates the EF compiled models (src/OnshiPortal/Infrastructure/Data/CompiledModels/{Sqlite,Postgres}) from the
# code's model (OnModelCreating, through the design-time factories in Infrastructure/Data/DesignTime).
# The portal starts on these models instead of building one (about 0.8 s of CPU at every start), so every change to
# an entity or a configuration needs them regenerated, after its migrations; CompiledModelTests fail until it is done.
# Usage: bash scripts/optimize-model.sh
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet tool restore

# Removed first: a stale file must not survive (an entity gone), and the old models may no longer compile against the
# changed code. The app builds without them (EF then builds the model at runtime).
rm -rf src/OnshiPortal/Infrastructure/Data/CompiledModels

# Debug: the tool loads the built assembly, and a Release build here would leave the tests' build to redo.
dotnet build src/OnshiPortal -c Debug

for provider in Sqlite Postgres; do
  out="Infrastructure/Data/CompiledModels/$provider"
  dotnet ef dbcontext optimize --no-build --project src/OnshiPortal --configuration Debug \
    --context "${provider}PortalDbContext" -o "$out" -n "OnshiPortal.Infrastructure.Data.CompiledModels.$provider"
done
