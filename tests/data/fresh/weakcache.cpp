// A texture cache of weak_ptrs: each texture is made with make_shared, used for a frame and
// dropped, but the cache keeps its weak_ptr forever; make_shared put the 64 kB texture in the
// same block as the control block, so the block (and the texture's bytes) lives until the
// weak_ptr goes.
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

struct Texture {
    std::vector<char> pixels;
    char header[65536];
};

static std::map<int, std::weak_ptr<Texture>> cache;

std::shared_ptr<Texture> loadTexture(int id)
{
    auto it = cache.find(id);
    if (it != cache.end())
        if (auto alive = it->second.lock())
            return alive;
    auto texture = std::make_shared<Texture>();
    texture->header[0] = static_cast<char>(id);
    texture->pixels.resize(256);
    cache[id] = texture;
    return texture;
}

int renderFrame(int frame)
{
    int sum = 0;
    std::vector<std::shared_ptr<Texture>> used;
    for (int i = 0; i < 8; ++i)
        used.push_back(loadTexture(frame * 3 + i));
    for (auto& t : used)
        sum += t->header[0];
    return sum;
}

int main()
{
    long total = 0;
    for (int frame = 0; frame < 600; ++frame) {
        total += renderFrame(frame);
        std::vector<char> scratch(200000, 1);
        total += scratch[frame];
    }
    std::printf("%ld %zu\n", total, cache.size());
    return 0;
}
