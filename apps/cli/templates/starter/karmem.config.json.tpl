{
  "$schema": "./node_modules/karmem-ts/karmem.config.schema.json",
  "schemas": ["app.km"],
  "outputs": {
    "ts": "src/generated",
    "as": "assembly/generated"
  },
  "guests": [
    { "name": "adder", "implementation": "assembly/adder.ts", "runtime": "minimal" },
    { "name": "stats", "implementation": "assembly/stats.ts", "runtime": "incremental" }
  ],
  "build": { "outDir": "build" }
}
