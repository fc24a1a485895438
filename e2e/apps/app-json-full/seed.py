# app.json's postdeploy: runs once after the first release is live, with the app's config.
import os

print(f"postdeploy sees GREETING={os.environ.get('GREETING')} and REDIS_URL={'set' if os.environ.get('REDIS_URL') else 'unset'}")
