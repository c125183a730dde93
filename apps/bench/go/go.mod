module karmem-ts/bench/go

go 1.19
