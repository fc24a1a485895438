# A worker that stays up: app.json's formation runs one of it.
import time

while True:
    time.sleep(60)
