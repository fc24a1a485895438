#include <ruby.h>
#include <ruby/version.h>

/* BerthNative.compiled_against: the Ruby API version this extension was compiled against. */
static VALUE compiled_against(VALUE self) {
  return rb_sprintf("ruby %d.%d", RUBY_API_VERSION_MAJOR, RUBY_API_VERSION_MINOR);
}

void Init_berth_native(void) {
  VALUE mod = rb_define_module("BerthNative");
  rb_define_module_function(mod, "compiled_against", compiled_against, 0);
}
