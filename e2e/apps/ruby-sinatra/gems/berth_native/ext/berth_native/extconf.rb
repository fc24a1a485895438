require "mkmf"
create_makefile("berth_native/berth_native")
