# Local edits of the fetched Kptfile: a label, a function config entry.
sed -i 's/^    tier: base$/    team: mine\n    tier: base/' Kptfile
sed -i 's/^        app: web$/        app: web\n        env: prod/' Kptfile
