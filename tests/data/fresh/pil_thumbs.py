# A thumbnail service that keeps every thumbnail it makes (PIL images, never evicted).
import time
from PIL import Image
thumbs = {}
def thumbnail(i):
    img = Image.new("RGB", (640, 480), (i % 255, 0, 0))
    img.thumbnail((160, 120))
    thumbs[i] = img
for i in range(600):
    thumbnail(i)
    time.sleep(0.002)
