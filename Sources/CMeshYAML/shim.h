// libyaml's public header, found through pkg-config (yaml-0.1).
#include <yaml.h>
