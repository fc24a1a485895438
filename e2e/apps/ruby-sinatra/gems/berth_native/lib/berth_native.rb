require "berth_native/berth_native"
