#ifndef CFUZZDRIVER_H
#define CFUZZDRIVER_H
// Nothing to import: the driver only supplies the executable's entry point.
#endif
